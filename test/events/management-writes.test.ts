// Every Management API write records exactly one event in the change's transaction: Auth0's `sapi`
// with the change's own code in details.action, the actor who made it, and the subject fields the
// audit log filters on. Secrets sent in those writes never reach an event.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJwt } from 'jose';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { assertIncludes, consoleUserToken, eventsOf } from './events.fixtures.js';

const ADMIN = { email: 'owner@events.example', password: 'an-events-admin-passphrase' };
const PASSWORD = 'Initial-horse-battery-7391';
const NEW_PASSWORD = 'Changed-horse-battery-4682';
const CONNECTION_SECRET = 'oidc-connection-secret-5f1c9a77';
const NEW_CONNECTION_SECRET = 'oidc-connection-secret-rotated-0b2e';
const API = 'https://events-api.example';

interface Ctx {
  org: { id: string; name: string };
  db: { id: string; name: string };
  db2: { id: string; name: string };
  oidc: { id: string; name: string };
  user: string;
  secondSubject: string;
  role: string;
  client: { id: string; name: string };
  grant: string;
  api: string;
  invitation: string;
  secrets: string[];
}

/** One write: the call, the status it answers, the code it records, what the event says. */
interface Case {
  action: string;
  call: (ctx: Ctx) => [method: string, path: string, body?: unknown];
  status: number;
  subject?: (ctx: Ctx) => Record<string, unknown>;
  details?: (ctx: Ctx) => Record<string, unknown>;
  /** Keeps what later cases need from the response. */
  keep?: (ctx: Ctx, body: any) => void;
}

const org = (ctx: Ctx) => ({ organization_id: ctx.org.id, organization_name: ctx.org.name });
const dbConnection = (ctx: Ctx) => ({ connection: ctx.db.name, connection_id: ctx.db.id, strategy: 'auth0', strategy_type: 'database' });
const user = (ctx: Ctx) => ({ user_id: ctx.user, user_name: 'events.user@events.example' });
const client = (ctx: Ctx) => ({ client_id: ctx.client.id, client_name: ctx.client.name });

// In order: later writes use what earlier ones made.
const CASES: Case[] = [
  {
    action: 'connection_created',
    call: () => [
      'POST',
      '/connections',
      {
        name: 'events-oidc',
        strategy: 'oidc',
        options: { client_id: 'rp', client_secret: CONNECTION_SECRET, issuer: 'https://idp.example' },
      },
    ],
    status: 201,
    keep: (ctx, body) => {
      ctx.oidc = { id: body.id, name: body.name };
    },
    subject: (ctx) => ({ connection: 'events-oidc', connection_id: ctx.oidc.id, strategy: 'oidc', strategy_type: 'enterprise' }),
  },
  {
    action: 'connection_updated',
    call: (ctx) => [
      'PATCH',
      `/connections/${ctx.oidc.id}`,
      { display_name: 'IdP', options: { client_id: 'rp', client_secret: NEW_CONNECTION_SECRET } },
    ],
    status: 200,
    subject: (ctx) => ({ connection: 'events-oidc', connection_id: ctx.oidc.id }),
    details: () => ({ changed: ['display_name', 'options'], options: ['client_id', 'client_secret'] }),
  },
  {
    action: 'connection_clients_updated',
    call: (ctx) => ['PATCH', `/connections/${ctx.oidc.id}/clients`, [{ client_id: ctx.client.id, status: false }]],
    status: 204,
    subject: (ctx) => ({ connection_id: ctx.oidc.id }),
    details: (ctx) => ({ enabled: [], disabled: [ctx.client.id] }),
  },
  {
    action: 'organization_connection_enabled',
    call: (ctx) => ['POST', `/organizations/${ctx.org.id}/enabled_connections`, { connection_id: ctx.db.id }],
    status: 201,
    subject: (ctx) => ({ ...org(ctx), ...dbConnection(ctx) }),
  },
  {
    action: 'organization_connection_updated',
    call: (ctx) => ['PATCH', `/organizations/${ctx.org.id}/enabled_connections/${ctx.db.id}`, { assign_membership_on_login: true }],
    status: 200,
    subject: (ctx) => ({ ...org(ctx), ...dbConnection(ctx) }),
    details: () => ({ changed: ['assign_membership_on_login'] }),
  },
  {
    action: 'user_created',
    call: (ctx) => ['POST', '/users', { connection: ctx.db.name, email: 'events.user@events.example', password: PASSWORD }],
    status: 201,
    keep: (ctx, body) => {
      ctx.user = body.user_id;
    },
    subject: (ctx) => ({ ...user(ctx), ...dbConnection(ctx) }),
  },
  {
    action: 'user_updated',
    call: (ctx) => ['PATCH', `/users/${ctx.user}`, { name: 'Events User', password: NEW_PASSWORD }],
    status: 200,
    subject: user,
    details: () => ({ changed: ['name', 'password'] }),
  },
  {
    action: 'user_blocked',
    call: (ctx) => ['PATCH', `/users/${ctx.user}`, { blocked: true }],
    status: 200,
    subject: user,
    details: () => ({ blocked: true }),
  },
  {
    action: 'user_unblocked',
    call: (ctx) => ['PATCH', `/users/${ctx.user}`, { blocked: false }],
    status: 200,
    subject: user,
    details: () => ({ blocked: false }),
  },
  {
    action: 'user_identity_linked',
    call: (ctx) => ['POST', `/users/${ctx.user}/identities`, { provider: 'auth0', user_id: ctx.secondSubject, connection_id: ctx.db2.id }],
    status: 201,
    subject: (ctx) => ({ ...user(ctx), connection: ctx.db2.name, connection_id: ctx.db2.id }),
    details: (ctx) => ({ secondary_user_id: `auth0|${ctx.secondSubject}` }),
  },
  {
    action: 'user_identity_unlinked',
    call: (ctx) => ['DELETE', `/users/${ctx.user}/identities/auth0/${ctx.secondSubject}`],
    status: 200,
    subject: (ctx) => ({ ...user(ctx), connection: ctx.db2.name, connection_id: ctx.db2.id }),
    details: (ctx) => ({ new_user_id: `auth0|${ctx.secondSubject}` }),
  },
  {
    action: 'resource_server_created',
    call: () => [
      'POST',
      '/resource-servers',
      { identifier: API, name: 'Events API', scopes: [{ value: 'read:things' }, { value: 'write:things' }] },
    ],
    status: 201,
    keep: (ctx, body) => {
      ctx.api = body.id;
    },
    details: (ctx) => ({ resource_server: { id: ctx.api, identifier: API, name: 'Events API' } }),
  },
  {
    action: 'role_created',
    call: () => ['POST', '/roles', { name: 'events-role' }],
    status: 200,
    keep: (ctx, body) => {
      ctx.role = body.id;
    },
    details: (ctx) => ({ role: { id: ctx.role, name: 'events-role' } }),
  },
  {
    action: 'role_updated',
    call: (ctx) => ['PATCH', `/roles/${ctx.role}`, { description: 'Events' }],
    status: 200,
    details: () => ({ changed: ['description'] }),
  },
  {
    action: 'role_permissions_added',
    call: (ctx) => [
      'POST',
      `/roles/${ctx.role}/permissions`,
      { permissions: [{ resource_server_identifier: API, permission_name: 'read:things' }] },
    ],
    status: 201,
    details: () => ({ permissions: [{ resource_server_identifier: API, permission_name: 'read:things' }] }),
  },
  {
    action: 'role_permissions_removed',
    call: (ctx) => [
      'DELETE',
      `/roles/${ctx.role}/permissions`,
      { permissions: [{ resource_server_identifier: API, permission_name: 'read:things' }] },
    ],
    status: 204,
  },
  {
    action: 'user_roles_assigned',
    call: (ctx) => ['POST', `/users/${ctx.user}/roles`, { roles: [ctx.role] }],
    status: 201,
    subject: user,
    details: (ctx) => ({ roles: [ctx.role] }),
  },
  {
    action: 'user_roles_removed',
    call: (ctx) => ['DELETE', `/users/${ctx.user}/roles`, { roles: [ctx.role] }],
    status: 204,
    subject: user,
  },
  {
    action: 'organization_member_added',
    call: (ctx) => ['POST', `/organizations/${ctx.org.id}/members`, { members: [ctx.user] }],
    status: 204,
    subject: (ctx) => ({ ...org(ctx), ...user(ctx) }),
    details: (ctx) => ({ members: [ctx.user] }),
  },
  {
    action: 'organization_member_roles_assigned',
    call: (ctx) => ['POST', `/organizations/${ctx.org.id}/members/${ctx.user}/roles`, { roles: [ctx.role] }],
    status: 204,
    subject: (ctx) => ({ ...org(ctx), ...user(ctx) }),
    details: (ctx) => ({ roles: [ctx.role] }),
  },
  {
    action: 'organization_member_roles_removed',
    call: (ctx) => ['DELETE', `/organizations/${ctx.org.id}/members/${ctx.user}/roles`, { roles: [ctx.role] }],
    status: 204,
    subject: (ctx) => ({ ...org(ctx), ...user(ctx) }),
  },
  {
    action: 'organization_member_removed',
    call: (ctx) => ['DELETE', `/organizations/${ctx.org.id}/members`, { members: [ctx.user] }],
    status: 204,
    subject: (ctx) => ({ ...org(ctx), ...user(ctx) }),
  },
  {
    action: 'client_created',
    call: () => ['POST', '/clients', { name: 'Events app', app_type: 'regular_web' }],
    status: 201,
    keep: (ctx, body) => {
      ctx.client = { id: body.client_id, name: body.name };
      ctx.secrets.push(body.client_secret);
    },
    subject: client,
  },
  {
    action: 'client_updated',
    call: (ctx) => ['PATCH', `/clients/${ctx.client.id}`, { description: 'For events' }],
    status: 200,
    subject: client,
    details: () => ({ changed: ['description'] }),
  },
  {
    action: 'client_secret_rotated',
    call: (ctx) => ['POST', `/clients/${ctx.client.id}/rotate-secret`],
    status: 200,
    keep: (ctx, body) => {
      ctx.secrets.push(body.client_secret);
    },
    subject: client,
  },
  {
    action: 'client_grant_created',
    call: (ctx) => ['POST', '/client-grants', { client_id: ctx.client.id, audience: API, scope: ['read:things'] }],
    status: 201,
    keep: (ctx, body) => {
      ctx.grant = body.id;
    },
    subject: client,
    details: (ctx) => ({ client_grant: { id: ctx.grant, audience: API, scope: ['read:things'] } }),
  },
  {
    action: 'client_grant_updated',
    call: (ctx) => ['PATCH', `/client-grants/${ctx.grant}`, { scope: ['read:things', 'write:things'] }],
    status: 200,
    subject: client,
    details: () => ({ changed: ['scope'] }),
  },
  {
    action: 'resource_server_updated',
    call: (ctx) => ['PATCH', `/resource-servers/${ctx.api}`, { scopes: [{ value: 'read:things' }] }],
    status: 200,
    details: (ctx) => ({ changed: ['scopes'], client_grants_trimmed: [ctx.grant] }),
  },
  {
    action: 'client_grant_deleted',
    call: (ctx) => ['DELETE', `/client-grants/${ctx.grant}`],
    status: 204,
    subject: client,
  },
  {
    action: 'organization_invitation_created',
    call: (ctx) => [
      'POST',
      `/organizations/${ctx.org.id}/invitations`,
      { inviter: { name: 'Ops' }, invitee: { email: 'invitee@events.example' }, client_id: ctx.client.id, send_invitation_email: false },
    ],
    status: 201,
    keep: (ctx, body) => {
      ctx.invitation = body.id;
      ctx.secrets.push(body.ticket_id ?? new URL(body.invitation_url).searchParams.get('invitation'));
    },
    subject: org,
  },
  {
    action: 'organization_invitation_deleted',
    call: (ctx) => ['DELETE', `/organizations/${ctx.org.id}/invitations/${ctx.invitation}`],
    status: 204,
    subject: org,
  },
  {
    action: 'svr',
    call: (ctx) => ['POST', '/jobs/verification-email', { user_id: ctx.user }],
    status: 201,
    subject: user,
  },
  {
    action: 'organization_connection_disabled',
    call: (ctx) => ['DELETE', `/organizations/${ctx.org.id}/enabled_connections/${ctx.db.id}`],
    status: 204,
    subject: (ctx) => ({ ...org(ctx), ...dbConnection(ctx) }),
  },
  { action: 'du', call: (ctx) => ['DELETE', `/users/${ctx.user}`], status: 204, subject: user },
  { action: 'client_deleted', call: (ctx) => ['DELETE', `/clients/${ctx.client.id}`], status: 204, subject: client },
  {
    action: 'role_deleted',
    call: (ctx) => ['DELETE', `/roles/${ctx.role}`],
    status: 204,
    details: (ctx) => ({ role: { id: ctx.role, name: 'events-role' } }),
  },
  { action: 'resource_server_deleted', call: (ctx) => ['DELETE', `/resource-servers/${ctx.api}`], status: 204 },
  {
    action: 'connection_deleted',
    call: (ctx) => ['DELETE', `/connections/${ctx.oidc.id}`],
    status: 204,
    subject: (ctx) => ({ connection: 'events-oidc', connection_id: ctx.oidc.id, strategy: 'oidc' }),
  },
];

for (const dialect of DIALECTS) {
  describe(`Management API writes record one event each [${dialect}]`, () => {
    let server: TestServer;
    const ctx = { secrets: [] as string[] } as Ctx;

    before(async () => {
      server = await startServer(dialect, { env: { GATEHOUSE_ADMIN_EMAIL: ADMIN.email, GATEHOUSE_ADMIN_PASSWORD: ADMIN.password } });
      ctx.org = (await server.api('POST', '/organizations', { name: 'events-org' })).body;
      ctx.db = (await server.api('POST', '/connections', { name: 'events-db', strategy: 'auth0' })).body;
      ctx.db2 = (await server.api('POST', '/connections', { name: 'events-db2', strategy: 'auth0' })).body;
      // The account the user links, then unlinks (it is a user again afterwards).
      const second = await server.api('POST', '/users', { connection: 'events-db2', email: 'second@events.example', password: PASSWORD });
      ctx.secondSubject = second.body.user_id.slice('auth0|'.length);
      // connection_clients_updated disables one of these: the bootstrap application's own.
      ctx.client = { id: server.bootstrap.clientId, name: '' };
    });
    after(async () => {
      await server?.close();
    });

    for (const c of CASES) {
      it(`records one sapi with action ${c.action}`, async () => {
        const [method, path, body] = c.call(ctx);
        let res!: Awaited<ReturnType<TestServer['api']>>;
        const recorded = await eventsOf(server, async () => {
          res = await server.api(method, path, body);
        });
        assert.equal(res.status, c.status, JSON.stringify(res.body));
        c.keep?.(ctx, res.body);
        assert.equal(recorded.length, 1, `events: ${recorded.map((e) => e.action).join(', ')}`);
        const [event] = recorded;
        assertIncludes(
          event,
          { type: 'sapi', action: c.action, actor_type: 'client', actor_id: server.bootstrap.clientId, ip: '127.0.0.1' },
          c.action,
        );
        // The application that acted, unless the change is about another one.
        if (!c.subject?.(ctx).client_id) assert.equal(event.client_id, server.bootstrap.clientId);
        if (c.subject) assertIncludes(event, c.subject(ctx), c.action);
        const details = JSON.parse(event.details);
        assert.equal(details.action, c.action);
        assert.deepEqual(details.actor, { type: 'client', id: server.bootstrap.clientId, api: 'management' });
        if (c.details) assertIncludes(details, c.details(ctx), `${c.action} details`);
      });
    }

    it('never records a password, a client secret, a connection secret or an invitation ticket', async () => {
      const rows = await server.database.db.kysely.selectFrom('events').selectAll().execute();
      assert.ok(rows.length >= CASES.length);
      const text = JSON.stringify(rows);
      const secrets = [PASSWORD, NEW_PASSWORD, CONNECTION_SECRET, NEW_CONNECTION_SECRET, ...ctx.secrets];
      assert.equal(secrets.filter(Boolean).length, 7);
      for (const secret of secrets) assert.ok(!text.includes(secret), `an event holds ${secret.slice(0, 6)}…`);
    });

    it('records the person for a change made with the console’s user token', async () => {
      const token = await consoleUserToken(server, ADMIN, 'create:roles');
      const { sub, azp, client_id } = decodeJwt(token) as { sub: string; azp?: string; client_id?: string };
      let res!: Awaited<ReturnType<TestServer['api']>>;
      const [event, ...others] = await eventsOf(server, async () => {
        res = await server.api('POST', '/roles', { name: 'made-by-a-person' }, token);
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(others.length, 0);
      assertIncludes(
        event,
        { type: 'sapi', action: 'role_created', actor_type: 'user', actor_id: sub, user_id: sub, client_id: client_id ?? azp },
        'user actor',
      );
      assert.notEqual(event.client_id, server.bootstrap.clientId);
      assert.deepEqual(JSON.parse(event.details).actor, { type: 'user', id: sub, api: 'management' });
    });
  });
}
