import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { createRemoteJWKSet, jwtVerify, decodeJwt } from 'jose';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { CALLBACK, authorize, createAgent, exchange, organizationWithMember, registerApp, signInWithPassword } from './login.fixtures.js';

const API = 'https://invoices.example/api';

for (const dialect of DIALECTS) {
  describe(`tokens from an organization login [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect);
      const api = await server.api('POST', '/resource-servers', {
        name: 'Invoices',
        identifier: API,
        scopes: [{ value: 'read:invoices' }, { value: 'write:invoices' }, { value: 'admin:invoices' }],
      });
      assert.equal(api.status, 201);
    });
    after(async () => {
      await server.close();
    });

    async function role(name: string, permissions: string[]) {
      const created = (await server.api('POST', '/roles', { name })).body;
      await server.api('POST', `/roles/${created.id}/permissions`, {
        permissions: permissions.map((permission_name) => ({ permission_name, resource_server_identifier: API })),
      });
      return created;
    }

    it("puts the member's organization roles and their permissions in an API access token; tenant roles stay out", async () => {
      const { org, member } = await organizationWithMember(server, 'rbac');
      const reader = await role('invoice-reader', ['read:invoices']);
      const admin = await role('tenant-admin', ['admin:invoices']);
      await server.api('POST', `/organizations/${org.id}/members/${encodeURIComponent(member.user_id)}/roles`, { roles: [reader.id] });
      await server.database.db.kysely.insertInto('user_roles').values({ user_id: member.user_id, role_id: admin.id }).execute();

      const { config } = await registerApp(server, { organization_usage: 'allow' });
      const agent = createAgent();
      const flow = await authorize(config, agent, {
        organization: org.id,
        audience: API,
        scope: 'openid email read:invoices write:invoices',
      });
      const callback = await signInWithPassword(agent, flow.page, 'member@rbac.example');
      const tokens = await exchange(config, callback.url, flow);
      const keys = createRemoteJWKSet(new URL(`${server.url}/.well-known/jwks.json`));
      const { payload } = await jwtVerify(tokens.access_token, keys, { issuer: `${server.url}/`, audience: API });
      assert.equal(payload.org_id, org.id);
      assert.deepEqual(payload.roles, ['invoice-reader']);
      assert.deepEqual(payload.permissions, ['read:invoices']);
      assert.equal(payload.scope, 'openid email read:invoices', 'write:invoices was asked for but no role permits it');
    });

    it('switches organization without signing in again (prompt=none)', async () => {
      const { org: first, member, connection } = await organizationWithMember(server, 'switch-a');
      const second = (await server.api('POST', '/organizations', { name: 'switch-b' })).body;
      const outsider = (await server.api('POST', '/organizations', { name: 'switch-c' })).body;
      await server.api('POST', `/organizations/${second.id}/members`, { members: [member.user_id] });
      await server.api('POST', `/organizations/${second.id}/enabled_connections`, { connection_id: connection.id });
      const { config } = await registerApp(server, { organization_usage: 'allow' });
      const agent = createAgent();
      const flow = await authorize(config, agent, { organization: first.id });
      const callback = await signInWithPassword(agent, flow.page, 'member@switch-a.example');
      assert.equal((await exchange(config, callback.url, flow)).claims()!.org_id, first.id);

      const silent = await authorize(config, agent, { organization: second.id, prompt: 'none', scope: 'openid profile email' });
      assert.ok(silent.page.url.startsWith(CALLBACK), silent.page.html);
      const switched = await exchange(config, silent.page.url, silent);
      assert.equal(switched.claims()!.org_id, second.id);
      assert.equal(switched.claims()!.sub, member.user_id);
      // /userinfo agrees with the ID token of the organization login.
      const userinfo = await oidc.fetchUserInfo(config, switched.access_token, member.user_id);
      assert.equal(userinfo.org_id, second.id);
      assert.equal(userinfo.email, 'member@switch-a.example');

      const refused = await authorize(config, agent, { organization: outsider.id, prompt: 'none', scope: 'openid' });
      const params = new URL(refused.page.url).searchParams;
      assert.ok(params.get('error'), 'prompt=none into a foreign organization fails');
    });

    it('rotates refresh tokens, keeps org_id, and revokes the family when a used one comes back', async () => {
      const { org } = await organizationWithMember(server, 'refresh');
      const { config } = await registerApp(server, { organization_usage: 'allow' });
      const agent = createAgent();
      const flow = await authorize(config, agent, { organization: org.id });
      const tokens = await exchange(config, (await signInWithPassword(agent, flow.page, 'member@refresh.example')).url, flow);
      const first = tokens.refresh_token!;
      const refreshed = await oidc.refreshTokenGrant(config, first);
      assert.notEqual(refreshed.refresh_token, first, 'rotated');
      assert.equal(refreshed.claims()!.org_id, org.id);
      const invalidGrant = (error: unknown) => (error as { error?: string }).error === 'invalid_grant';
      await assert.rejects(oidc.refreshTokenGrant(config, first), invalidGrant, 'a used refresh token is refused');
      await assert.rejects(oidc.refreshTokenGrant(config, refreshed.refresh_token!), invalidGrant, 'reuse revoked the whole family');
    });

    it('logs out through /oidc/logout and returns to an allowed logout URL', async () => {
      const { org } = await organizationWithMember(server, 'logout');
      const { config } = await registerApp(server, { organization_usage: 'allow' });
      const agent = createAgent();
      const flow = await authorize(config, agent, { organization: org.id });
      const tokens = await exchange(config, (await signInWithPassword(agent, flow.page, 'member@logout.example')).url, flow);
      const logoutUrl = oidc.buildEndSessionUrl(config, {
        id_token_hint: tokens.id_token!,
        post_logout_redirect_uri: 'http://127.0.0.1:9/after-logout',
        state: 'bye',
      });
      assert.equal(logoutUrl.pathname, '/oidc/logout');
      // A valid id_token_hint ends the session without the confirmation page, as in Auth0 (test/oidc/logout.test.ts).
      const done = await agent.go(logoutUrl.toString(), { stopAt: 'http://127.0.0.1:9/after-logout' });
      assert.equal(new URL(done.url).searchParams.get('state'), 'bye');
      const again = await authorize(config, agent, { organization: org.id, prompt: 'none', scope: 'openid' });
      assert.equal(new URL(again.page.url).searchParams.get('error'), 'login_required');
    });

    it('gives a machine token org_id when its client grant allows organizations', async () => {
      const { org } = await organizationWithMember(server, 'm2m');
      const client = (await server.api('POST', '/clients', { name: 'Backend', app_type: 'non_interactive' })).body;
      const grant = await server.api('POST', '/client-grants', {
        client_id: client.client_id,
        audience: API,
        scope: ['read:invoices'],
        organization_usage: 'allow',
        allow_any_organization: true,
      });
      assert.equal(grant.status, 201, JSON.stringify(grant.body));
      const token = async (extra: Record<string, string>) =>
        fetch(`${server.url}/oauth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: client.client_id,
            client_secret: client.client_secret,
            audience: API,
            ...extra,
          }),
        });
      const withOrg = await token({ organization: org.id });
      assert.equal(withOrg.status, 200);
      assert.equal(decodeJwt((await withOrg.json()).access_token).org_id, org.id);
      const withoutOrg = await token({});
      assert.equal(decodeJwt((await withoutOrg.json()).access_token).org_id, undefined);

      await server.api('PATCH', `/client-grants/${grant.body.id}`, { organization_usage: 'deny' });
      const denied = await token({ organization: org.id });
      assert.equal(denied.status, 400);
      assert.equal((await denied.json()).error, 'invalid_request');
    });

    it('gives Management API scopes only from tenant roles, never from an organization role', async () => {
      const { org, member } = await organizationWithMember(server, 'no-mgmt');
      const orgAdmin = (await server.api('POST', '/roles', { name: 'org-admin-mgmt' })).body;
      const granted = await server.api('POST', `/roles/${orgAdmin.id}/permissions`, {
        permissions: [{ permission_name: 'create:organizations', resource_server_identifier: `${server.url}/api/v2/` }],
      });
      assert.equal(granted.status, 201, JSON.stringify(granted.body));
      await server.api('POST', `/organizations/${org.id}/members/${encodeURIComponent(member.user_id)}/roles`, { roles: [orgAdmin.id] });
      const { config } = await registerApp(server, { organization_usage: 'allow' });
      const agent = createAgent();
      const flow = await authorize(config, agent, {
        organization: org.id,
        audience: `${server.url}/api/v2/`,
        scope: 'openid create:organizations',
      });
      const tokens = await exchange(config, (await signInWithPassword(agent, flow.page, 'member@no-mgmt.example')).url, flow);
      assert.equal(decodeJwt(tokens.access_token).scope, 'openid', 'no Management API scope, only the OIDC one asked for');
      const res = await server.api('POST', '/organizations', { name: 'escalated' }, tokens.access_token);
      assert.equal(res.status, 403);
      assert.equal(res.body.errorCode, 'insufficient_scope');
    });
  });
}
