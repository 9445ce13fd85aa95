import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ManagementClient, ManagementError } from 'auth0';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { prefixedId } from '../../src/domain/shared/ids.js';

// The official SDK, unchanged, against Gatehouse on HTTPS. The test runner trusts the fixture
// certificate through NODE_EXTRA_CA_CERTS.
const TLS = { certPath: path.resolve('test/fixtures/tls/cert.pem'), keyPath: path.resolve('test/fixtures/tls/key.pem') };

async function collect<T>(page: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of page) out.push(item);
  return out;
}

for (const dialect of DIALECTS) {
  describe(`auth0 ManagementClient against Gatehouse [${dialect}]`, () => {
    let server: TestServer;
    let management: ManagementClient;
    before(async () => {
      server = await startServer(dialect, { tls: TLS });
      assert.match(server.url, /^https:\/\/localhost:\d+$/);
      management = new ManagementClient({
        domain: new URL(server.url).host,
        clientId: server.bootstrap.clientId,
        clientSecret: server.bootstrap.clientSecret,
        maxRetries: 0,
      });
    });
    after(async () => {
      await server.close();
    });

    it('runs the organization setup end to end', async () => {
      const database = await management.connections.create({ name: 'sdk-users', strategy: 'auth0' });
      const saml = await management.connections.create({
        name: 'sdk-okta',
        strategy: 'samlp',
        options: { signInEndpoint: 'https://idp.example.com/sso', domain_aliases: ['sdk-acme.com'] } as never,
      });
      assert.match(database.id!, /^con_/);

      const org = await management.organizations.create({ name: 'sdk-acme', display_name: 'Acme (SDK)' });
      assert.match(org.id!, /^org_[A-Za-z0-9]{16}$/);

      const enabled = await management.organizations.enabledConnections.add(org.id!, {
        connection_id: database.id!,
        assign_membership_on_login: true,
        is_signup_enabled: true,
        organization_access_level: 'limited',
        organization_connection_name: 'Acme staff',
        is_enabled: true,
      } as never);
      assert.equal(enabled.connection_id, database.id);
      await management.organizations.connections.create(org.id!, {
        connection_id: saml.id!,
        show_as_button: false,
        assign_membership_on_login: false,
        organization_access_level: 'readonly',
      } as never);

      const readBack = await management.organizations.enabledConnections.get(org.id!, database.id!);
      assert.equal(readBack.assign_membership_on_login, true);
      assert.equal(readBack.is_signup_enabled, true);
      assert.equal((readBack as unknown as Record<string, unknown>).organization_access_level, 'limited');
      assert.equal((readBack as unknown as Record<string, unknown>).organization_connection_name, 'Acme staff');
      assert.deepEqual(readBack.connection, { name: 'sdk-users', strategy: 'auth0' });
      const samlBack = await management.organizations.connections.get(org.id!, saml.id!);
      assert.equal((samlBack as unknown as Record<string, unknown>).show_as_button, false);

      const role = await management.roles.create({ name: 'sdk-admin', description: 'Administrators' });
      const members: string[] = [];
      for (let i = 0; i < 3; i += 1) {
        const user = await management.users.create({
          connection: 'sdk-users',
          email: `member${i}@sdk-acme.com`,
          password: `Correct-horse-${i}-battery`,
        });
        members.push(user.user_id!);
      }
      await management.organizations.members.create(org.id!, { members });
      await management.organizations.members.roles.assign(org.id!, members[0], { roles: [role.id!] });
      const memberRoles = await collect(await management.organizations.members.roles.list(org.id!, members[0]));
      assert.deepEqual(
        memberRoles.map((r) => r.name),
        ['sdk-admin'],
      );

      const client = await management.clients.create({
        name: 'SDK web app',
        app_type: 'regular_web',
        callbacks: ['https://app.example.com/callback'],
      });
      const invitation = await management.organizations.invitations.create(org.id!, {
        inviter: { name: 'Ada Admin' },
        invitee: { email: 'newcomer@sdk-acme.com' },
        client_id: client.client_id!,
        roles: [role.id!],
      });
      assert.match(invitation.invitation_url!, /[?&]invitation=[^&]+&organization=org_/);
      assert.ok(Date.parse(invitation.expires_at as string) > Date.now());

      // Checkpoint paging (the SDK's default for members) walks every member once.
      const listed = await collect(await management.organizations.members.list(org.id!, { take: 2 }));
      assert.deepEqual(listed.map((m) => m.user_id).sort(), [...members].sort());
      // Offset paging with totals.
      const connections = await management.organizations.enabledConnections.list(org.id!, { page: 0, per_page: 1, include_totals: true });
      const allConnections = await collect(connections);
      assert.equal(allConnections.length, 2);
      const orgs = await collect(await management.organizations.list({ take: 1 }));
      assert.ok(orgs.some((o) => o.id === org.id));
    });

    it('surfaces Auth0-shaped errors for a bad request', async () => {
      await assert.rejects(management.organizations.create({ name: 'Not Valid!' }), (error: unknown) => {
        assert.ok(error instanceof ManagementError);
        assert.equal(error.statusCode, 400);
        const body = error.body as Record<string, unknown>;
        assert.equal(body.errorCode, 'invalid_body');
        assert.match(String(body.message), /on property name/);
        return true;
      });
    });

    it('surfaces 403 insufficient_scope for a missing scope', async () => {
      const token = await server.token(['read:organizations']);
      const limited = new ManagementClient({ domain: new URL(server.url).host, token, maxRetries: 0 });
      await assert.rejects(
        limited.organizations.create({ name: `scope-${prefixedId('x').slice(2, 8).toLowerCase()}` }),
        (error: unknown) => {
          assert.ok(error instanceof ManagementError);
          assert.equal(error.statusCode, 403);
          assert.deepEqual(error.body, {
            statusCode: 403,
            error: 'Forbidden',
            message: 'Insufficient scope; expected any of: create:organizations.',
            errorCode: 'insufficient_scope',
          });
          return true;
        },
      );
    });
  });
}
