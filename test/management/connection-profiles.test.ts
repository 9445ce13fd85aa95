import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type ManagementClient, ManagementError } from 'auth0';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { TLS, managementSdk } from '../helpers/management-sdk.js';
import { only, recording } from '../events/events.fixtures.js';
import { assertProblem, myOrg, myOrgApp, myOrgRole, organizationWith, tokenFor } from '../my-org/my-org.fixtures.js';

const OIDC = {
  discovery_url: 'https://idp.example.test/.well-known/openid-configuration',
  client_id: 'corp',
  client_secret: 'corp-secret-0123456789',
};

async function collect<T>(page: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of page) out.push(item);
  return out;
}

// Auth0's `/api/v2/connection-profiles`, backed by the tenant's one connection profile: what an
// organization admin may create and set through the My Organization API.
for (const dialect of DIALECTS) {
  describe(`Management API /connection-profiles with the auth0 SDK [${dialect}]`, () => {
    let server: TestServer;
    let management: ManagementClient;
    before(async () => {
      server = await startServer(dialect, { tls: TLS });
      management = managementSdk(server);
    });
    after(async () => {
      await server?.close();
    });

    it('lists, creates, reads, updates and deletes the profile, and offers the default as a template', async () => {
      assert.deepEqual(await collect(await management.connectionProfiles.list()), []);
      const { connection_profile_templates: templates } = await management.connectionProfiles.listTemplates();
      assert.equal(templates?.length, 1);
      const template = (await management.connectionProfiles.getTemplate(templates![0].id!)) as Record<string, any>;
      assert.deepEqual(Object.keys(template.template.gatehouse_strategies).sort(), ['oidc', 'okta', 'samlp', 'waad']);

      const created = (await management.connectionProfiles.create({
        name: 'Customers',
        gatehouse_strategies: { samlp: ['metadataUrl', 'signInEndpoint', 'signingCert'] },
      } as never)) as Record<string, any>;
      assert.match(created.id, /^cop_/);
      assert.deepEqual(created, {
        id: created.id,
        name: 'Customers',
        gatehouse_strategies: { samlp: ['metadataUrl', 'signInEndpoint', 'signingCert'] },
      });
      assert.deepEqual(await management.connectionProfiles.get(created.id), created);
      const listed = await collect(await management.connectionProfiles.list());
      assert.deepEqual(listed, [created]);

      const renamed = (await management.connectionProfiles.update(created.id, { name: 'All customers' })) as Record<string, any>;
      assert.equal(renamed.name, 'All customers');
      assert.deepEqual(renamed.gatehouse_strategies, created.gatehouse_strategies, 'strategies kept');

      await assert.rejects(management.connectionProfiles.create({ name: 'Second' }), (error: unknown) => {
        assert.ok(error instanceof ManagementError);
        assert.equal(error.statusCode, 409);
        assert.equal((error.body as Record<string, unknown>).errorCode, 'connection_profile_conflict');
        return true;
      });
      await management.connectionProfiles.delete(created.id);
      assert.deepEqual(await collect(await management.connectionProfiles.list()), []);
      await assert.rejects(management.connectionProfiles.get(created.id), (error: unknown) => {
        assert.ok(error instanceof ManagementError);
        assert.equal(error.statusCode, 404);
        return true;
      });
    });
  });

  describe(`connection profile bounds the My Organization API [${dialect}]`, () => {
    let server: TestServer;
    let admin: string;
    before(async () => {
      server = await startServer(dialect);
      const role = await myOrgRole(server, 'cop-admin', ['read:my_org:identity_providers', 'create:my_org:identity_providers']);
      const org = await organizationWith(server, 'cop', { admin: [role.id] });
      admin = await tokenFor(server, await myOrgApp(server), org.org.id, 'admin@cop.example');
    });
    after(async () => {
      await server?.close();
    });

    it('names a refused strategy or option, and applies a saved profile to organization admins at once', async () => {
      const badStrategy = await server.api('POST', '/connection-profiles', { name: 'x', gatehouse_strategies: { 'google-oauth2': [] } });
      assert.equal(badStrategy.status, 400);
      assert.match(badStrategy.body.message, /on property gatehouse_strategies\.google-oauth2\.$/);
      const badOption = await server.api('POST', '/connection-profiles', { name: 'x', gatehouse_strategies: { oidc: ['domain_aliases'] } });
      assert.equal(badOption.status, 400);
      assert.match(badOption.body.message, /Must be one of the oidc options: .*on property gatehouse_strategies\.oidc\[0\]\.$/);
      const extra = await server.api('POST', '/connection-profiles', { name: 'x', enabled_features: ['scim'] });
      assert.equal(extra.status, 400, 'Auth0 fields Gatehouse does not apply are refused, not stored');
      const scoped = await server.api('GET', '/connection-profiles', undefined, await server.token(['read:connections']));
      assert.equal(scoped.status, 403);

      // Before any profile: the built-in default lets the admin create an OIDC identity provider.
      const body = { name: 'corp-oidc', strategy: 'oidc', options: { ...OIDC, type: 'back_channel' } };
      assert.equal((await myOrg(server, admin, 'POST', '/identity-providers', body)).status, 201);

      const { result: created, events } = await recording(server, () =>
        server.api('POST', '/connection-profiles', { name: 'SAML only', gatehouse_strategies: { samlp: ['metadataUrl'] } }),
      );
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(only(events, 'connection_profile_created').type, 'sapi');
      assertProblem(
        await myOrg(server, admin, 'POST', '/identity-providers', { ...body, name: 'corp-oidc-2' }),
        403,
        'connection_profile_violation',
      );

      const widened = await server.api('PATCH', `/connection-profiles/${created.body.id}`, {
        gatehouse_strategies: { samlp: ['metadataUrl'], oidc: ['type', 'client_id', 'client_secret', 'discovery_url'] },
      });
      assert.equal(widened.status, 200, JSON.stringify(widened.body));
      assert.equal((await myOrg(server, admin, 'POST', '/identity-providers', { ...body, name: 'corp-oidc-2' })).status, 201);

      assert.equal((await server.api('DELETE', `/connection-profiles/${created.body.id}`)).status, 204);
      assert.equal((await server.api('PATCH', `/connection-profiles/${created.body.id}`, { name: 'gone' })).status, 404);
    });
  });
}
