import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type ManagementClient, ManagementError } from 'auth0';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { TLS, managementSdk } from '../helpers/management-sdk.js';

// The official SDK's selfServiceProfiles (CRUD) against Gatehouse on HTTPS, and the wire errors
// Auth0's SDK users see for a refused body.

async function collect<T>(page: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of page) out.push(item);
  return out;
}

for (const dialect of DIALECTS) {
  describe(`Management API: self-service profiles [${dialect}]`, () => {
    let server: TestServer;
    let management: ManagementClient;
    before(async () => {
      server = await startServer(dialect, { tls: TLS });
      management = managementSdk(server);
    });
    after(async () => {
      await server.close();
    });

    it('creates, reads, lists, updates and deletes a profile through the SDK', async () => {
      const created = await management.selfServiceProfiles.create({
        name: 'Acme SSO',
        description: 'For our enterprise customers',
        allowed_strategies: ['samlp', 'okta', 'oidc'],
        user_attributes: [{ name: 'email', description: 'Work email', is_optional: false }],
        branding: { logo_url: 'https://acme.example/logo.png', colors: { primary: '#0a7d5a' } },
      });
      assert.match(created.id!, /^ssp_/);
      assert.equal(created.name, 'Acme SSO');
      assert.deepEqual(created.allowed_strategies, ['samlp', 'okta', 'oidc']);
      assert.deepEqual(created.user_attributes, [{ name: 'email', description: 'Work email', is_optional: false }]);
      assert.deepEqual(created.branding, { logo_url: 'https://acme.example/logo.png', colors: { primary: '#0a7d5a' } });
      assert.ok(created.created_at && created.updated_at);

      const read = await management.selfServiceProfiles.get(created.id!);
      assert.deepEqual(read, created);
      const listed = await collect(await management.selfServiceProfiles.list());
      assert.ok(listed.some((p) => p.id === created.id));

      const updated = await management.selfServiceProfiles.update(created.id!, { description: null, allowed_strategies: ['samlp'] });
      assert.equal(updated.description, undefined);
      assert.deepEqual(updated.allowed_strategies, ['samlp']);
      assert.equal(updated.name, 'Acme SSO');

      await management.selfServiceProfiles.delete(created.id!);
      await assert.rejects(management.selfServiceProfiles.get(created.id!), (error: unknown) => {
        assert.ok(error instanceof ManagementError);
        assert.equal(error.statusCode, 404);
        assert.equal((error.body as { errorCode: string }).errorCode, 'inexistent_self_service_profile');
        return true;
      });
    });

    it('offers every strategy when none is named', async () => {
      const created = await management.selfServiceProfiles.create({ name: 'Everything' });
      assert.deepEqual(created.allowed_strategies, [
        'oidc',
        'samlp',
        'waad',
        'google-apps',
        'adfs',
        'okta',
        'keycloak-samlp',
        'pingfederate',
      ]);
      assert.deepEqual(created.user_attributes, []);
    });

    it('pages with page/per_page and include_totals', async () => {
      for (const n of [1, 2, 3]) await server.api('POST', '/self-service-profiles', { name: `paged-${n}` });
      const first = await server.api('GET', '/self-service-profiles?per_page=2&page=0&include_totals=true');
      assert.equal(first.status, 200);
      assert.equal(first.body.self_service_profiles.length, 2);
      assert.equal(first.body.limit, 2);
      assert.ok(first.body.total >= 3);
    });

    for (const [body, field] of [
      [{ name: 'x', allowed_strategies: ['github'] }, 'allowed_strategies.0'],
      [{ name: 'x', branding: { colors: { primary: 'green' } } }, 'branding.colors.primary'],
      [{ name: 'x', branding: { logo_url: 'http://acme.example/logo.png' } }, 'branding.logo_url'],
      [{ name: 'x', user_attributes: [{ name: 'email', description: 'Email' }] }, 'user_attributes.0.is_optional'],
      [{ description: 'no name' }, 'name'],
    ] as const) {
      it(`refuses ${JSON.stringify(body)} naming ${field}`, async () => {
        const res = await server.api('POST', '/self-service-profiles', body);
        assert.equal(res.status, 400);
        assert.equal(res.body.errorCode, 'invalid_body');
        assert.match(res.body.message, new RegExp(`^Payload validation error: '.+' on property ${field.replaceAll('.', '\\.')}\\.$`));
      });
    }

    it('needs the self-service profile scopes', async () => {
      const token = await server.token(['read:self_service_profiles']);
      const read = await server.api('GET', '/self-service-profiles', undefined, token);
      assert.equal(read.status, 200);
      const res = await server.api('POST', '/self-service-profiles', { name: 'nope' }, token);
      assert.equal(res.status, 403);
      assert.equal(res.body.errorCode, 'insufficient_scope');
    });

    it('records each change with its actor', async () => {
      const created = await server.api('POST', '/self-service-profiles', { name: 'audited' });
      await server.api('PATCH', `/self-service-profiles/${created.body.id}`, { name: 'audited-2' });
      await server.api('DELETE', `/self-service-profiles/${created.body.id}`);
      const rows = await server.database.db.kysely
        .selectFrom('events')
        .select(['action', 'type', 'actor_type', 'actor_id', 'details'])
        .where('action', 'like', 'self_service_profile_%')
        .where('details', 'like', `%${created.body.id}%`)
        .orderBy('date')
        .execute();
      assert.deepEqual(
        rows.map((r) => [r.action, r.type, r.actor_type, r.actor_id]),
        ['created', 'updated', 'deleted'].map((a) => [`self_service_profile_${a}`, 'sapi', 'client', server.bootstrap.clientId]),
      );
    });
  });
}
