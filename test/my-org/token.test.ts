import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { decodeJwt } from 'jose';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { requestClientCredentials } from '../helpers/user-api.js';
import { authorize, createAgent, registerApp } from '../login/login.fixtures.js';
import {
  MY_ORG_SCOPES,
  assertProblem,
  audienceOf,
  myOrg,
  myOrgApp,
  myOrgRole,
  organizationWith,
  signIn,
  tokenFor,
} from './my-org.fixtures.js';

for (const dialect of DIALECTS) {
  describe(`My Organization API tokens [${dialect}]`, () => {
    let server: TestServer;
    let world: Awaited<ReturnType<typeof organizationWith>>;
    let app: Awaited<ReturnType<typeof myOrgApp>>;

    before(async () => {
      server = await startServer(dialect);
      const admin = await myOrgRole(server, 'tok-admin', ['read:my_org:details', 'update:my_org:details', 'read:my_org:members']);
      const plain = await myOrgRole(server, 'tok-plain', []);
      world = await organizationWith(server, 'tok', { admin: [admin.id], plain: [plain.id] });
      // The application may obtain details and members, not updates of the details.
      app = await myOrgApp(server, ['read:my_org:details', 'read:my_org:members', 'read:my_org:member_invitations']);
    });
    after(async () => {
      await server.close();
    });

    it('is a system API at <issuer>/my-org/ with every Auth0 my_org scope and a 600 s lifetime', async () => {
      const res = await server.api('GET', `/resource-servers/${encodeURIComponent(audienceOf(server))}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.is_system, true);
      assert.equal(res.body.token_lifetime, 600);
      const scopes = res.body.scopes.map((s: { value: string }) => s.value);
      assert.deepEqual(scopes, MY_ORG_SCOPES);
      for (const scope of [
        'read:my_org:details',
        'create:my_org:member_invitations',
        'delete:my_org:memberships',
        'read:my_org:member_roles',
      ]) {
        assert.ok(scopes.includes(scope), scope);
      }
      const patch = await server.api('PATCH', `/resource-servers/${res.body.id}`, { token_lifetime: 86400 });
      assert.equal(patch.status, 400);
      assert.equal(patch.body.message, 'The My Organization API is a system resource server and cannot be updated.');
    });

    it('comes from a login in the organization, lives 600 s and carries grant ∩ roles ∩ request', async () => {
      const tokens = await signIn(server, app, { organization: world.org.id, email: 'admin@tok.example' });
      const payload = decodeJwt(tokens.access_token);
      assert.equal(payload.org_id, world.org.id);
      assert.equal(payload.sub, world.users.admin.user_id);
      assert.equal((payload.exp as number) - (payload.iat as number), 600);
      // update:my_org:details: the role has it, the client grant does not; invitations: the grant has it, no role.
      assert.equal(payload.scope, 'openid offline_access read:my_org:details read:my_org:members');
      const details = await myOrg(server, tokens.access_token, 'GET', '/details');
      assert.equal(details.status, 200, JSON.stringify(details.body));
      assert.equal(details.body.id, world.org.id);

      // Its refresh token gives the same again.
      const refreshed = await oidc.refreshTokenGrant(app.config, tokens.refresh_token!);
      assert.equal(decodeJwt(refreshed.access_token).scope, 'openid offline_access read:my_org:details read:my_org:members');
      assert.equal(decodeJwt(refreshed.access_token).org_id, world.org.id);
    });

    it('carries only the scopes requested (consented)', async () => {
      const token = await tokenFor(server, app, world.org.id, 'admin@tok.example', 'openid read:my_org:details');
      assert.equal(decodeJwt(token).scope, 'openid read:my_org:details');
      assertProblem(await myOrg(server, token, 'GET', '/members'), 403, 'insufficient_scope');
    });

    it('refuses a member whose roles give no My Organization permission: 403 problem+json, Auth0 type', async () => {
      const token = await tokenFor(server, app, world.org.id, 'plain@tok.example');
      assert.equal(decodeJwt(token).scope, 'openid offline_access');
      const body = assertProblem(await myOrg(server, token, 'GET', '/details'), 403, 'insufficient_scope');
      assert.equal(body.type, 'https://auth0.com/api-errors/A0E-403-0002');
      assert.equal(body.title, 'Insufficient Scope');
      assert.equal(body.detail, 'Insufficient scope; expected: read:my_org:details.');
    });

    it('refuses client credentials for the audience with access_denied', async () => {
      const { status, body } = await requestClientCredentials(server, app, audienceOf(server));
      assert.equal(status, 400, JSON.stringify(body));
      assert.equal(body.error, 'access_denied');
      assert.match(body.error_description, /accepts only user access tokens/);
    });

    it('refuses a client grant for the API that is not for users', async () => {
      const other = await registerApp(server, { organization_usage: 'allow' });
      const res = await server.api('POST', '/client-grants', {
        client_id: other.client.client_id,
        audience: audienceOf(server),
        scope: ['read:my_org:details'],
      });
      assert.equal(res.status, 400);
      assert.equal(res.body.errorCode, 'invalid_body');
      assert.match(res.body.message, /on property subject_type/);
    });

    it('lists the user client grant through the Management API, filtered by subject_type', async () => {
      const users = await server.api('GET', `/client-grants?subject_type=user&audience=${encodeURIComponent(audienceOf(server))}`);
      assert.equal(users.status, 200);
      // This application's, and the organization portal's, which bootstrap creates.
      const portal = await server.database.db.kysely
        .selectFrom('settings')
        .select('value')
        .where('key', '=', 'portal_client_id')
        .executeTakeFirstOrThrow();
      assert.deepEqual(
        users.body.map((g: { client_id: string; subject_type: string }) => [g.client_id, g.subject_type]).sort(),
        [
          [app.client.client_id, 'user'],
          [JSON.parse(portal.value), 'user'],
        ].sort(),
      );
      const clients = await server.api('GET', `/client-grants?subject_type=client&audience=${encodeURIComponent(audienceOf(server))}`);
      assert.deepEqual(clients.body, []);
    });

    it('refuses an application without a user client grant for the API', async () => {
      const other = await registerApp(server, { organization_usage: 'allow' });
      const agent = createAgent();
      const flow = await authorize(other.config, agent, {
        organization: world.org.id,
        audience: audienceOf(server),
        scope: 'openid read:my_org:details',
      });
      const location = new URL(flow.page.url);
      assert.equal(location.searchParams.get('error'), 'access_denied', flow.page.url);
      assert.match(location.searchParams.get('error_description') ?? '', /client-grant/);
    });

    it('refuses a login outside any organization at the token endpoint', async () => {
      await assert.rejects(signIn(server, app, { email: 'admin@tok.example' }), (error: Error & { error?: string }) => {
        assert.equal(error.error, 'access_denied');
        return true;
      });
    });

    it('refuses a token that is not for the API, and no token at all, with 401', async () => {
      assertProblem(await myOrg(server, await server.token(), 'GET', '/details'), 401, 'invalid_token');
      const res = await fetch(`${server.url}/my-org/v1/details`);
      assert.equal(res.status, 401);
      assert.equal(res.headers.get('www-authenticate'), 'Bearer');
    });

    it('stops a removed member’s token at once', async () => {
      const role = await myOrgRole(server, 'tok-leaver', ['read:my_org:details']);
      const leaver = await organizationWith(server, 'tok-leave', { leaver: [role.id] });
      const token = await tokenFor(server, app, leaver.org.id, 'leaver@tok-leave.example');
      assert.equal((await myOrg(server, token, 'GET', '/details')).status, 200);
      await server.api('DELETE', `/organizations/${leaver.org.id}/members`, { members: [leaver.users.leaver.user_id] });
      assertProblem(await myOrg(server, token, 'GET', '/details'), 401, 'invalid_token');
    });
  });
}
