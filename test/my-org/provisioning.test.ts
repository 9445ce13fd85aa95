import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { assertNowhereInEvents, only, recording } from '../events/events.fixtures.js';
import { assertProblem, myOrg, myOrgApp, myOrgRole, organizationWith, tenantConnection, tokenFor } from './my-org.fixtures.js';

const SCOPES = [
  'read:my_org:identity_providers_provisioning',
  'create:my_org:identity_providers_provisioning',
  'delete:my_org:identity_providers_provisioning',
  'read:my_org:identity_providers_scim_tokens',
  'create:my_org:identity_providers_scim_tokens',
  'delete:my_org:identity_providers_scim_tokens',
];

// Auth0's My Organization API `/identity-providers/{idp_id}/provisioning` and `/scim-tokens`: an
// organization admin turns SCIM on and makes the tokens their IdP uses, within the access level.
for (const dialect of DIALECTS) {
  describe(`My Organization API provisioning and SCIM tokens [${dialect}]`, () => {
    let server: TestServer;
    let a: Awaited<ReturnType<typeof organizationWith>>;
    let admin: string;
    let reader: string;
    const ids: Record<string, string> = {};

    async function connection(org: string, key: string, level: string) {
      ids[key] = await tenantConnection(server, org, { name: `prov-${key}`, level });
    }

    const scimUsers = (connectionId: string, token: string) =>
      fetch(`${server.url}/scim/v2/connections/${connectionId}/Users`, {
        headers: { authorization: `Bearer ${token}`, accept: 'application/scim+json' },
      });

    before(async () => {
      server = await startServer(dialect);
      const adminRole = await myOrgRole(server, 'prov-admin', SCOPES);
      const readerRole = await myOrgRole(server, 'prov-reader', ['read:my_org:identity_providers_provisioning']);
      a = await organizationWith(server, 'prov-a', { admin: [adminRole.id], reader: [readerRole.id] });
      const b = await organizationWith(server, 'prov-b', {});
      await connection(a.org.id, 'full', 'full');
      await connection(a.org.id, 'readonly', 'readonly');
      await connection(a.org.id, 'hidden', 'none');
      await connection(b.org.id, 'other', 'full');
      const app = await myOrgApp(server);
      admin = await tokenFor(server, app, a.org.id, 'admin@prov-a.example');
      reader = await tokenFor(server, app, a.org.id, 'reader@prov-a.example');
    });
    after(async () => {
      await server?.close();
    });

    it('turns provisioning on, makes a token shown once that SCIM accepts, and deletes it; the admin is the actor', async () => {
      const base = `/identity-providers/${ids.full}/provisioning`;
      assertProblem(await myOrg(server, admin, 'GET', base), 404, 'inexistent_scim_configuration');
      const { result: created, events } = await recording(server, () => myOrg(server, admin, 'POST', base));
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.identity_provider_id, ids.full);
      assert.equal(created.body.identity_provider_name, 'prov-full');
      assert.equal(created.body.method, 'scim');
      assert.ok(created.body.fields.some((f: { provisioning_field: string }) => f.provisioning_field === 'userName'));
      const enabled = only(events, 'scim_configuration_created');
      assert.equal(enabled.actor_id, a.users.admin.user_id);
      assert.equal(enabled.organization_id, a.org.id);
      assertProblem(await myOrg(server, admin, 'POST', base), 409, 'scim_configuration_conflict');
      assert.equal((await myOrg(server, reader, 'GET', base)).status, 200);

      const minted = await recording(server, () => myOrg(server, admin, 'POST', `${base}/scim-tokens`, { token_lifetime: 86_400 }));
      assert.equal(minted.result.status, 201, JSON.stringify(minted.result.body));
      const { token, token_id: tokenId, valid_until: validUntil } = minted.result.body;
      assert.equal(typeof token, 'string');
      assert.ok(validUntil, 'a lifetime gives valid_until');
      assert.equal(only(minted.events, 'scim_token_created').actor_id, a.users.admin.user_id);
      await assertNowhereInEvents(server, [token]);
      assert.equal((await scimUsers(ids.full, token)).status, 200, 'the IdP can provision with it');

      const listed = await myOrg(server, admin, 'GET', `${base}/scim-tokens`);
      assert.deepEqual(
        listed.body.tokens.map((t: Record<string, unknown>) => [t.token_id, 'token' in t]),
        [[tokenId, false]],
      );
      const one = await myOrg(server, admin, 'GET', `${base}/scim-tokens/${tokenId}`);
      assert.equal(one.body.token_id, tokenId);
      assert.equal('token' in one.body, false);

      assert.equal((await myOrg(server, admin, 'DELETE', `${base}/scim-tokens/${tokenId}`)).status, 204);
      assert.equal((await scimUsers(ids.full, token)).status, 401, 'a deleted token stops at once');
      assertProblem(await myOrg(server, admin, 'DELETE', `${base}/scim-tokens/${tokenId}`), 404, 'inexistent_scim_token');
      assert.equal((await myOrg(server, admin, 'DELETE', base)).status, 204);
      assertProblem(await myOrg(server, admin, 'GET', base), 404, 'inexistent_scim_configuration');
    });

    it('reads but never changes a read-only identity provider, and knows none of another organization or hidden', async () => {
      // The tenant turned SCIM on for the read-only connection; its admins may see it, not mint tokens.
      assert.equal((await server.api('POST', `/connections/${ids.readonly}/scim-configuration`, {})).status, 201);
      const base = `/identity-providers/${ids.readonly}/provisioning`;
      assert.equal((await myOrg(server, admin, 'GET', base)).status, 200);
      assert.equal((await myOrg(server, admin, 'GET', `${base}/scim-tokens`)).status, 200);
      assertProblem(await myOrg(server, admin, 'POST', `${base}/scim-tokens`, {}), 403, 'insufficient_access_level');
      assertProblem(await myOrg(server, admin, 'DELETE', base), 403, 'insufficient_access_level');
      const tokens = await server.api('GET', `/connections/${ids.readonly}/scim-configuration/tokens`);
      assert.deepEqual(tokens.body, []);

      for (const key of ['other', 'hidden']) {
        assertProblem(await myOrg(server, admin, 'GET', `/identity-providers/${ids[key]}/provisioning`), 404, 'inexistent_connection');
        assertProblem(
          await myOrg(server, admin, 'POST', `/identity-providers/${ids[key]}/provisioning/scim-tokens`, {}),
          404,
          'inexistent_connection',
        );
      }
      assertProblem(await myOrg(server, reader, 'POST', `/identity-providers/${ids.full}/provisioning`), 403, 'insufficient_scope');
    });

    it('names the field of a refused token lifetime', async () => {
      const base = `/identity-providers/${ids.full}/provisioning`;
      await myOrg(server, admin, 'POST', base);
      const refused = assertProblem(await myOrg(server, admin, 'POST', `${base}/scim-tokens`, { token_lifetime: 60 }), 400, 'invalid_body');
      assert.equal(refused.validation_errors[0].field, 'token_lifetime');
    });
  });
}
