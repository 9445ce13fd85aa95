import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { assertNowhereInEvents, only, recording } from '../events/events.fixtures.js';
import { createTestIdp } from '../federation/saml-idp.js';
import {
  OIDC_OPTIONS,
  TENANT_SECRET,
  assertProblem,
  myOrg,
  myOrgApp,
  myOrgRole,
  organizationWith,
  tenantConnection,
  tokenFor,
} from './my-org.fixtures.js';

const IDP_SCOPES = [
  'read:my_org:identity_providers',
  'create:my_org:identity_providers',
  'update:my_org:identity_providers',
  'delete:my_org:identity_providers',
  'update:my_org:identity_providers_detach',
];
const ADMIN_SECRET = 'admin-pasted-client-secret-9876543210';

for (const dialect of DIALECTS) {
  describe(`My Organization API /identity-providers [${dialect}]`, () => {
    let server: TestServer;
    let a: Awaited<ReturnType<typeof organizationWith>>;
    let b: Awaited<ReturnType<typeof organizationWith>>;
    let admin: string;
    let reader: string;
    const ids: Record<string, string> = {};
    const idp = createTestIdp();

    /** A tenant connection enabled for an organization at this access level. */
    async function connection(org: string, key: string, strategy: string, level: string, options: Record<string, unknown>) {
      const link = { organization_connection_name: `Corp-${key}`, show_as_button: true };
      ids[key] = await tenantConnection(server, org, { name: `idp-${key}`, strategy, level, options, link });
    }

    const oidcOptions = { ...OIDC_OPTIONS, is_trusted: false };
    const samlOptions = { signInEndpoint: idp.ssoUrl, signingCert: idp.cert, entityId: idp.entityId };

    before(async () => {
      server = await startServer(dialect);
      const adminRole = await myOrgRole(server, 'idp-admin', IDP_SCOPES);
      const readerRole = await myOrgRole(server, 'idp-reader', ['read:my_org:identity_providers']);
      a = await organizationWith(server, 'idp-a', { admin: [adminRole.id], reader: [readerRole.id] });
      b = await organizationWith(server, 'idp-b', { admin: [adminRole.id] });
      await connection(a.org.id, 'none', 'samlp', 'none', samlOptions);
      await connection(a.org.id, 'readonly', 'samlp', 'readonly', samlOptions);
      await connection(a.org.id, 'limited', 'oidc', 'limited', oidcOptions);
      await connection(a.org.id, 'full', 'oidc', 'full', oidcOptions);
      await connection(b.org.id, 'other', 'oidc', 'full', oidcOptions);
      const app = await myOrgApp(server);
      admin = await tokenFor(server, app, a.org.id, 'admin@idp-a.example');
      reader = await tokenFor(server, app, a.org.id, 'reader@idp-a.example');
    });
    after(async () => {
      await server.close();
    });

    it('lists the organization connections above none, named by the organization connection name, secrets never shown', async () => {
      const res = await myOrg(server, admin, 'GET', '/identity-providers');
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const listed = res.body.identity_providers;
      assert.deepEqual(
        listed.map((p: { id: string; name: string; access_level: string }) => [p.id, p.name, p.access_level]),
        [
          [ids.readonly, 'Corp-readonly', 'readonly'],
          [ids.limited, 'Corp-limited', 'limited'],
          [ids.full, 'Corp-full', 'full'],
        ],
        'not the none one, not the database connection, not B’s',
      );
      const full = listed.find((p: { id: string }) => p.id === ids.full);
      assert.deepEqual(full.options, {
        discovery_url: oidcOptions.discovery_url,
        client_id: 'corp-app',
        type: 'back_channel',
      });
      assert.equal(full.strategy, 'oidc');
      assert.equal(full.is_enabled, true);
      assert.equal(full.show_as_button, true);
      assert.deepEqual(full.attributes, []);
      const saml = listed.find((p: { id: string }) => p.id === ids.readonly);
      assert.equal(saml.options.cert, idp.cert, 'Auth0 names the signing certificate cert');
      assert.equal(saml.options.signingCert, undefined);
      assert.ok(!JSON.stringify(res.body).includes(TENANT_SECRET));
    });

    it('GET shows one identity provider with the values to paste; none, another organization and a database connection are 404', async () => {
      const res = await myOrg(server, admin, 'GET', `/identity-providers/${ids.readonly}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.name, 'Corp-readonly');
      assert.deepEqual(res.body.setup, {
        entity_id: `${server.url}/saml/${ids.readonly}`,
        acs_url: `${server.url}/login/sso/saml/${ids.readonly}/acs`,
        metadata_url: `${server.url}/saml/${ids.readonly}/metadata`,
      });
      const oidc = await myOrg(server, admin, 'GET', `/identity-providers/${ids.full}`);
      assert.deepEqual(oidc.body.setup, { redirect_uri: `${server.url}/login/sso/oidc/callback` });

      assertProblem(await myOrg(server, admin, 'GET', `/identity-providers/${ids.none}`), 404, 'inexistent_connection');
      assertProblem(await myOrg(server, admin, 'GET', `/identity-providers/${ids.other}`), 404, 'inexistent_connection');
      assertProblem(await myOrg(server, admin, 'GET', `/identity-providers/${a.connection.id}`), 404, 'inexistent_connection');
      assertProblem(await myOrg(server, admin, 'GET', '/identity-providers/con_doesnotexist'), 404, 'inexistent_connection');
    });

    it('readonly refuses every edit with 403', async () => {
      const res = await myOrg(server, admin, 'PATCH', `/identity-providers/${ids.readonly}`, { is_enabled: false });
      assert.match(assertProblem(res, 403, 'insufficient_access_level').detail, /read-only/);
      const link = await server.api('GET', `/organizations/${a.org.id}/enabled_connections/${ids.readonly}`);
      assert.equal(link.body.is_enabled, true, 'unchanged');
    });

    it('limited changes only is_enabled, show_as_button and assign_membership_on_login, recorded with the person as actor', async () => {
      const { result: res, events } = await recording(server, () =>
        myOrg(server, admin, 'PATCH', `/identity-providers/${ids.limited}`, { show_as_button: false, assign_membership_on_login: true }),
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.show_as_button, false);
      assert.equal(res.body.assign_membership_on_login, true);
      const link = await server.api('GET', `/organizations/${a.org.id}/enabled_connections/${ids.limited}`);
      assert.equal(link.body.show_as_button, false);
      assert.equal(link.body.assign_membership_on_login, true);
      const event = only(events, 'identity_provider_updated');
      assert.equal(event.type, 'sapi');
      assert.equal(event.actor_id, a.users.admin.user_id);
      assert.equal(event.organization_id, a.org.id);
      assert.equal(event.parsed.actor.api, 'my_org');

      const named = assertProblem(
        await myOrg(server, admin, 'PATCH', `/identity-providers/${ids.limited}`, { is_enabled: true, display_name: 'Corp SSO' }),
        403,
        'insufficient_access_level',
      );
      assert.match(named.detail, /^display_name: /);
      const options = assertProblem(
        await myOrg(server, admin, 'PATCH', `/identity-providers/${ids.limited}`, { options: { client_id: 'other-app' } }),
        403,
        'insufficient_access_level',
      );
      assert.match(options.detail, /^options: /);
      const connection = await server.api('GET', `/connections/${ids.limited}`);
      assert.equal(connection.body.options.client_id, 'corp-app', 'unchanged');
      assert.equal(connection.body.display_name, undefined);
    });

    it('full changes the allowed settings and options, secrets write-only, bounded by the connection profile', async () => {
      const res = await myOrg(server, admin, 'PATCH', `/identity-providers/${ids.full}`, {
        display_name: 'Corp SSO',
        options: { client_id: 'corp-app-2', client_secret: ADMIN_SECRET },
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.display_name, 'Corp SSO');
      assert.equal(res.body.options.client_id, 'corp-app-2');
      assert.equal(res.body.options.discovery_url, oidcOptions.discovery_url, 'merged, not replaced');
      assert.equal(res.body.options.client_secret, undefined);
      const stored = await server.app.services.connections.get(ids.full);
      assert.equal(stored.options.client_secret, ADMIN_SECRET);
      assert.equal(stored.options.is_trusted, false);
      await assertNowhereInEvents(server, [ADMIN_SECRET]);

      const trusted = assertProblem(
        await myOrg(server, admin, 'PATCH', `/identity-providers/${ids.full}`, { options: { is_trusted: true } }),
        403,
        'connection_profile_violation',
      );
      assert.match(trusted.detail, /^options\.is_trusted: /);
      const bad = assertProblem(
        await myOrg(server, admin, 'PATCH', `/identity-providers/${ids.full}`, { options: { discovery_url: 'not a url' } }),
        400,
        'invalid_body',
      );
      assert.equal(bad.validation_errors[0].field, 'options.discovery_url');
      const level = assertProblem(
        await myOrg(server, admin, 'PATCH', `/identity-providers/${ids.full}`, { access_level: 'full' }),
        403,
        'insufficient_access_level',
      );
      assert.match(level.detail, /^access_level: /);
      assert.equal(
        (await server.api('GET', `/organizations/${a.org.id}/enabled_connections/${ids.full}`)).body.organization_access_level,
        'full',
      );
    });

    it('a stored connection profile narrows what full allows', async () => {
      const db = server.database.db.kysely;
      const profile = { strategies: ['samlp'], options: { samlp: ['signInEndpoint', 'signingCert'], oidc: ['client_id'] } };
      await db
        .insertInto('settings')
        .values({ key: 'connection_profile', value: JSON.stringify(profile) })
        .execute();
      try {
        assert.equal(
          (await myOrg(server, admin, 'PATCH', `/identity-providers/${ids.full}`, { options: { client_id: 'x-app' } })).status,
          200,
        );
        const scope = assertProblem(
          await myOrg(server, admin, 'PATCH', `/identity-providers/${ids.full}`, { options: { scope: 'openid email' } }),
          403,
          'connection_profile_violation',
        );
        assert.match(scope.detail, /^options\.scope: /);
        const strategy = assertProblem(
          await myOrg(server, admin, 'POST', '/identity-providers', { name: 'corp-oidc', strategy: 'oidc', options: { client_id: 'x' } }),
          403,
          'connection_profile_violation',
        );
        assert.match(strategy.detail, /^strategy: /);
      } finally {
        await db.deleteFrom('settings').where('key', '=', 'connection_profile').execute();
      }
    });

    it('another organization’s identity provider cannot be changed, detached or deleted, even by its id', async () => {
      for (const [method, path, body] of [
        ['PATCH', `/identity-providers/${ids.other}`, { is_enabled: false }],
        ['POST', `/identity-providers/${ids.other}/detach`, undefined],
        ['DELETE', `/identity-providers/${ids.other}`, undefined],
      ] as const) {
        assertProblem(await myOrg(server, admin, method, path, body), 404, 'inexistent_connection');
      }
      const link = await server.api('GET', `/organizations/${b.org.id}/enabled_connections/${ids.other}`);
      assert.equal(link.status, 200);
      assert.equal(link.body.is_enabled, true);
    });

    it('a member without the scopes may read but not change', async () => {
      assert.equal((await myOrg(server, reader, 'GET', '/identity-providers')).status, 200);
      assertProblem(
        await myOrg(server, reader, 'PATCH', `/identity-providers/${ids.full}`, { is_enabled: false }),
        403,
        'insufficient_scope',
      );
      assertProblem(
        await myOrg(server, reader, 'POST', '/identity-providers', { name: 'x', strategy: 'oidc', options: {} }),
        403,
        'insufficient_scope',
      );
      assertProblem(await myOrg(server, reader, 'DELETE', `/identity-providers/${ids.full}`), 403, 'insufficient_scope');
      assertProblem(await myOrg(server, reader, 'POST', `/identity-providers/${ids.full}/detach`), 403, 'insufficient_scope');
    });

    it('POST creates a SAML identity provider from metadata XML, owned by the organization, at access level full', async () => {
      const { result: res, events } = await recording(server, () =>
        myOrg(server, admin, 'POST', '/identity-providers', {
          name: 'corp-saml',
          strategy: 'samlp',
          display_name: 'Corp SAML',
          show_as_button: false,
          options: { metadataXml: idp.metadataXml },
        }),
      );
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.match(res.body.id, /^con_/);
      assert.equal(res.body.name, 'corp-saml');
      assert.equal(res.body.access_level, 'full');
      assert.equal(res.body.show_as_button, false);
      assert.equal(res.body.is_enabled, true);
      assert.deepEqual(res.body.setup, {
        entity_id: `${server.url}/saml/${res.body.id}`,
        acs_url: `${server.url}/login/sso/saml/${res.body.id}/acs`,
        metadata_url: `${server.url}/saml/${res.body.id}/metadata`,
      });
      const connection = await server.api('GET', `/connections/${res.body.id}`);
      assert.equal(connection.body.organization_id, a.org.id);
      const link = await server.api('GET', `/organizations/${a.org.id}/enabled_connections/${res.body.id}`);
      assert.equal(link.body.organization_access_level, 'full');
      assert.equal(link.body.organization_connection_name, 'corp-saml');
      const event = only(events, 'identity_provider_created');
      assert.equal(event.actor_id, a.users.admin.user_id);
      assert.equal(event.organization_id, a.org.id);
      // The SP metadata is served for it: the IdP can import it.
      const metadata = await fetch(res.body.setup.metadata_url);
      assert.equal(metadata.status, 200);
      assert.match(await metadata.text(), new RegExp(`entityID="${res.body.setup.entity_id}"`));
    });

    it('POST reads SAML metadata from metadataUrl once, when saved; an unreadable URL is 400 naming it', async () => {
      const tls = { key: fs.readFileSync('test/fixtures/tls/key.pem'), cert: fs.readFileSync('test/fixtures/tls/cert.pem') };
      const host = https.createServer(tls, (req, res) => {
        if (req.url === '/metadata') return res.writeHead(200, { 'content-type': 'application/xml' }).end(idp.metadataXml);
        return res.writeHead(404).end();
      });
      await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
      const base = `https://localhost:${(host.address() as AddressInfo).port}`;
      try {
        const res = await myOrg(server, admin, 'POST', '/identity-providers', {
          name: 'corp-saml-url',
          strategy: 'samlp',
          options: { metadataUrl: `${base}/metadata` },
        });
        assert.equal(res.status, 201, JSON.stringify(res.body));
        assert.equal(res.body.options.metadataUrl, `${base}/metadata`);
        assert.match(res.body.options.metadataXml, /IDPSSODescriptor/);
        const bad = assertProblem(
          await myOrg(server, admin, 'POST', '/identity-providers', {
            name: 'corp-saml-bad',
            strategy: 'samlp',
            options: { metadataUrl: `${base}/nope` },
          }),
          400,
          'invalid_body',
        );
        assert.equal(bad.validation_errors[0].field, 'options.metadataUrl');
      } finally {
        await new Promise((resolve) => host.close(resolve));
      }
    });

    it('POST creates an OIDC identity provider: discovery URL, client id, secret write-only, the redirect URI to register', async () => {
      const res = await myOrg(server, admin, 'POST', '/identity-providers', {
        name: 'corp-oidc',
        strategy: 'oidc',
        options: {
          type: 'back_channel',
          discovery_url: oidcOptions.discovery_url,
          client_id: 'corp-oidc-app',
          client_secret: ADMIN_SECRET,
        },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.options.client_secret, undefined);
      assert.deepEqual(res.body.setup, { redirect_uri: `${server.url}/login/sso/oidc/callback` });
      assert.equal((await server.app.services.connections.get(res.body.id)).options.client_secret, ADMIN_SECRET);
      await assertNowhereInEvents(server, [ADMIN_SECRET]);
    });

    it('POST refuses an access level other than full, a profile-forbidden option, HRD domains and bad options', async () => {
      const base = { strategy: 'oidc', options: { discovery_url: oidcOptions.discovery_url, client_id: 'x' } };
      assert.match(
        assertProblem(
          await myOrg(server, admin, 'POST', '/identity-providers', { ...base, name: 'lvl', access_level: 'limited' }),
          403,
          'insufficient_access_level',
        ).detail,
        /^access_level: /,
      );
      assert.match(
        assertProblem(
          await myOrg(server, admin, 'POST', '/identity-providers', {
            ...base,
            name: 'trust',
            options: { ...base.options, is_trusted: true },
          }),
          403,
          'connection_profile_violation',
        ).detail,
        /^options\.is_trusted: /,
      );
      assert.match(
        assertProblem(
          await myOrg(server, admin, 'POST', '/identity-providers', { ...base, name: 'hrd', domains: ['idp-a.example'] }),
          403,
          'connection_profile_violation',
        ).detail,
        /^domains: /,
      );
      const bad = assertProblem(
        await myOrg(server, admin, 'POST', '/identity-providers', { ...base, name: 'bad', options: { client_id: 7 } }),
        400,
        'invalid_body',
      );
      assert.equal(bad.validation_errors[0].field, 'options.client_id');
      const db = assertProblem(
        await myOrg(server, admin, 'POST', '/identity-providers', { ...base, name: 'db', strategy: 'auth0' }),
        400,
        'invalid_body',
      );
      assert.equal(db.validation_errors[0].field, 'strategy');
      assertProblem(await myOrg(server, admin, 'POST', '/identity-providers', { ...base, name: 'corp-oidc' }), 409, 'connection_conflict');
      const names = (await myOrg(server, admin, 'GET', '/identity-providers')).body.identity_providers.map((p: { name: string }) => p.name);
      for (const refused of ['lvl', 'trust', 'hrd', 'bad', 'db']) assert.ok(!names.includes(refused), `${refused} was not created`);
    });

    it('detach removes a full identity provider from the organization only; limited and readonly cannot be detached', async () => {
      assertProblem(await myOrg(server, admin, 'POST', `/identity-providers/${ids.limited}/detach`), 403, 'insufficient_access_level');
      assertProblem(await myOrg(server, admin, 'POST', `/identity-providers/${ids.readonly}/detach`), 403, 'insufficient_access_level');
      const { result: res, events } = await recording(server, () => myOrg(server, admin, 'POST', `/identity-providers/${ids.full}/detach`));
      assert.equal(res.status, 204, JSON.stringify(res.body));
      assert.equal(only(events, 'identity_provider_detached').actor_id, a.users.admin.user_id);
      assertProblem(await myOrg(server, admin, 'GET', `/identity-providers/${ids.full}`), 404, 'inexistent_connection');
      assert.equal((await server.api('GET', `/connections/${ids.full}`)).status, 200, 'the connection itself stays');
    });

    it('DELETE deletes a connection the organization owns; a tenant connection is detached instead', async () => {
      const created = await myOrg(server, admin, 'POST', '/identity-providers', {
        name: 'to-delete',
        strategy: 'samlp',
        options: { signInEndpoint: idp.ssoUrl, cert: idp.cert },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.options.cert, idp.cert);
      await server.api('PATCH', `/organizations/${a.org.id}/enabled_connections/${ids.readonly}`, { organization_access_level: 'full' });
      assert.match(
        assertProblem(await myOrg(server, admin, 'DELETE', `/identity-providers/${ids.readonly}`), 403, 'insufficient_access_level').detail,
        /detach/,
      );
      const { result: res, events } = await recording(server, () =>
        myOrg(server, admin, 'DELETE', `/identity-providers/${created.body.id}`),
      );
      assert.equal(res.status, 204, JSON.stringify(res.body));
      assert.equal(only(events, 'identity_provider_deleted').actor_id, a.users.admin.user_id);
      assert.equal((await server.api('GET', `/connections/${created.body.id}`)).status, 404);
    });
  });
}
