import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';

const ALL_CLIENT_SCOPES = ['read:clients', 'create:clients', 'update:clients', 'delete:clients'];

for (const dialect of DIALECTS) {
  describe(`clients API [${dialect}]`, () => {
    let server: TestServer;
    let noKeys: string;
    before(async () => {
      server = await startServer(dialect);
      noKeys = await server.token(ALL_CLIENT_SCOPES);
    });
    after(async () => {
      await server.close();
    });

    it('creates a client with a 32-character id, a 64-character secret and Auth0 defaults', async () => {
      const res = await server.api('POST', '/clients', { name: 'Backend job', app_type: 'non_interactive' });
      assert.equal(res.status, 201);
      assert.match(res.body.client_id, /^[A-Za-z0-9]{32}$/);
      assert.match(res.body.client_secret, /^[A-Za-z0-9]{64}$/);
      assert.deepEqual(res.body.grant_types, ['client_credentials']);
      assert.equal(res.body.token_endpoint_auth_method, 'client_secret_post');
      assert.equal(res.body.is_first_party, true);
      assert.equal(res.body.organization_usage, 'deny');
      assert.equal(res.body.organization_require_behavior, 'no_prompt');
      assert.deepEqual(res.body.client_metadata, {});
      assert.deepEqual(res.body.callbacks, []);
      assert.equal(res.body.created_at, undefined);
    });

    it('returns the secret on create even without read:client_keys', async () => {
      const res = await server.api('POST', '/clients', { name: 'Created without keys scope' }, noKeys);
      assert.equal(res.status, 201);
      assert.match(res.body.client_secret, /^[A-Za-z0-9]{64}$/);
    });

    it('defaults a spa to the code and refresh grants with no client authentication', async () => {
      const res = await server.api('POST', '/clients', {
        name: 'Dashboard',
        app_type: 'spa',
        callbacks: ['https://app.example.com/callback'],
      });
      assert.equal(res.status, 201);
      assert.deepEqual(res.body.grant_types, ['authorization_code', 'refresh_token']);
      assert.equal(res.body.token_endpoint_auth_method, 'none');
    });

    it('defaults a regular web app to the code, refresh and client credentials grants', async () => {
      const res = await server.api('POST', '/clients', { name: 'Portal', app_type: 'regular_web' });
      assert.deepEqual(res.body.grant_types, ['authorization_code', 'refresh_token', 'client_credentials']);
      assert.equal(res.body.token_endpoint_auth_method, 'client_secret_post');
    });

    it('stores every accepted field and returns it', async () => {
      const body = {
        name: 'Full',
        description: 'All the fields',
        app_type: 'regular_web',
        is_first_party: false,
        callbacks: ['https://full.example.com/cb'],
        allowed_logout_urls: ['https://full.example.com/bye'],
        web_origins: ['https://full.example.com'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
        initiate_login_uri: 'https://full.example.com/login',
        organization_usage: 'require',
        organization_require_behavior: 'pre_login_prompt',
        client_metadata: { tier: 'gold' },
      };
      const created = await server.api('POST', '/clients', body);
      assert.equal(created.status, 201);
      const { client_id, client_secret, ...rest } = (await server.api('GET', `/clients/${created.body.client_id}`)).body;
      assert.equal(client_id, created.body.client_id);
      assert.equal(client_secret, created.body.client_secret);
      assert.deepEqual(rest, body);
    });

    it('rejects an unknown field with 400 invalid_body naming it', async () => {
      const res = await server.api('POST', '/clients', { name: 'x', logo_uri: 'https://x.example/logo.png' });
      assert.equal(res.status, 400);
      assert.equal(res.body.errorCode, 'invalid_body');
      assert.equal(res.body.message, "Payload validation error: 'Additional properties not allowed: logo_uri' on property logo_uri.");
    });

    it('rejects a missing name', async () => {
      const res = await server.api('POST', '/clients', { app_type: 'spa' });
      assert.equal(res.status, 400);
      assert.equal(res.body.message, "Payload validation error: 'Missing required property: name' on property name.");
    });

    it('rejects a name of the wrong type or with angle brackets', async () => {
      const wrongType = await server.api('POST', '/clients', { name: 7 });
      assert.equal(wrongType.body.message, "Payload validation error: 'Expected type string but found type integer' on property name.");
      const brackets = await server.api('POST', '/clients', { name: '<script>' });
      assert.equal(brackets.status, 400);
      assert.match(brackets.body.message, /on property name\.$/);
    });

    it('rejects a description over 140 characters', async () => {
      const res = await server.api('POST', '/clients', { name: 'x', description: 'd'.repeat(141) });
      assert.equal(res.status, 400);
      assert.equal(res.body.message, "Payload validation error: 'String is too long (141 chars), maximum 140' on property description.");
    });

    it('rejects an unknown app_type, grant type, auth method and organization settings', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ app_type: 'desktop' }, 'Payload validation error: \'No enum match for: "desktop"\' on property app_type.'],
        [{ grant_types: ['implicit'] }, 'Payload validation error: \'No enum match for: "implicit"\' on property grant_types.0.'],
        [
          { token_endpoint_auth_method: 'private_key_jwt' },
          'Payload validation error: \'No enum match for: "private_key_jwt"\' on property token_endpoint_auth_method.',
        ],
        [{ organization_usage: 'maybe' }, 'Payload validation error: \'No enum match for: "maybe"\' on property organization_usage.'],
        [
          { organization_require_behavior: 'prompt' },
          'Payload validation error: \'No enum match for: "prompt"\' on property organization_require_behavior.',
        ],
      ];
      for (const [extra, message] of cases) {
        const res = await server.api('POST', '/clients', { name: 'enum', ...extra });
        assert.equal(res.status, 400);
        assert.equal(res.body.errorCode, 'invalid_body');
        assert.equal(res.body.message, message);
      }
    });

    it('rejects a wildcard callback naming callbacks and stores nothing', async () => {
      const before = await server.api('GET', '/clients?include_totals=true');
      const res = await server.api('POST', '/clients', { name: 'wild', callbacks: ['https://*.example.com/cb'] });
      assert.equal(res.status, 400);
      assert.equal(res.body.errorCode, 'invalid_body');
      assert.equal(
        res.body.message,
        "Payload validation error: 'Wildcards are not allowed, URLs must match exactly: https://*.example.com/cb' on property callbacks.",
      );
      const after = await server.api('GET', '/clients?include_totals=true');
      assert.equal(after.body.total, before.body.total);
    });

    it('rejects a callback with a fragment', async () => {
      const res = await server.api('POST', '/clients', { name: 'frag', callbacks: ['https://a.example.com/cb#x'] });
      assert.equal(res.status, 400);
      assert.equal(
        res.body.message,
        "Payload validation error: 'URLs must not contain a fragment: https://a.example.com/cb#x' on property callbacks.",
      );
    });

    it('rejects a callback over 2048 characters and more than 100 callbacks', async () => {
      const long = await server.api('POST', '/clients', { name: 'long', callbacks: [`https://a.example.com/${'a'.repeat(2030)}`] });
      assert.equal(long.status, 400);
      assert.match(
        long.body.message,
        /^Payload validation error: 'String is too long \(2052 chars\), maximum 2048' on property callbacks\.0\.$/,
      );
      const many = await server.api('POST', '/clients', {
        name: 'many',
        callbacks: Array.from({ length: 101 }, (_, i) => `https://a.example.com/${i}`),
      });
      assert.equal(many.body.message, "Payload validation error: 'Array is too long (101), maximum 100' on property callbacks.");
    });

    it('rejects an initiate_login_uri that is not https', async () => {
      const res = await server.api('POST', '/clients', { name: 'login', initiate_login_uri: 'http://app.example.com/login' });
      assert.equal(res.status, 400);
      assert.match(res.body.message, /on property initiate_login_uri\.$/);
    });

    it('rejects client credentials for a client that authenticates with none', async () => {
      const res = await server.api('POST', '/clients', { name: 'public', app_type: 'spa', grant_types: ['client_credentials'] });
      assert.equal(res.status, 400);
      assert.equal(res.body.errorCode, 'invalid_body');
      assert.equal(
        res.body.message,
        "Payload validation error: 'A client using 'none' cannot use the client_credentials grant' on property token_endpoint_auth_method.",
      );
    });

    it('rejects more than 10 client_metadata keys and values over 255 characters', async () => {
      const many = await server.api('POST', '/clients', {
        name: 'meta',
        client_metadata: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v'])),
      });
      assert.equal(many.status, 400);
      assert.equal(many.body.message, "Payload validation error: 'Too many properties (11), maximum 10' on property client_metadata.");
      const long = await server.api('POST', '/clients', { name: 'meta', client_metadata: { k: 'v'.repeat(256) } });
      assert.equal(
        long.body.message,
        "Payload validation error: 'String is too long (256 chars), maximum 255' on property client_metadata.k.",
      );
    });

    it('hides client_secret on GET without read:client_keys', async () => {
      const created = await server.api('POST', '/clients', { name: 'hidden secret' });
      const res = await server.api('GET', `/clients/${created.body.client_id}`, undefined, noKeys);
      assert.equal(res.status, 200);
      assert.equal(res.body.client_secret, undefined);
      const list = await server.api('GET', '/clients', undefined, noKeys);
      assert.ok(list.body.every((c: { client_secret?: string }) => c.client_secret === undefined));
      const patched = await server.api('PATCH', `/clients/${created.body.client_id}`, { description: 'x' }, noKeys);
      assert.equal(patched.body.client_secret, undefined);
    });

    it('returns 404 inexistent_client for an unknown id', async () => {
      for (const [method, body] of [
        ['GET', undefined],
        ['PATCH', { name: 'x' }],
        ['DELETE', undefined],
      ] as const) {
        const res = await server.api(method, '/clients/unknownclientid0000000000000000', body);
        assert.equal(res.status, 404);
        assert.equal(res.body.errorCode, 'inexistent_client');
      }
    });

    it('lists with paging and totals, and filters by app_type', async () => {
      await server.api('POST', '/clients', { name: 'native one', app_type: 'native' });
      await server.api('POST', '/clients', { name: 'native two', app_type: 'native' });
      const natives = await server.api('GET', '/clients?app_type=native');
      assert.equal(natives.status, 200);
      assert.deepEqual(natives.body.map((c: { name: string }) => c.name).sort(), ['native one', 'native two']);
      const two = await server.api('GET', '/clients?app_type=native,spa&include_totals=true&per_page=1&page=1');
      assert.equal(two.body.clients.length, 1);
      assert.equal(two.body.start, 1);
      assert.equal(two.body.limit, 1);
      // Every native and spa client, including the admin console the first start registers.
      const all = await server.api('GET', '/clients?app_type=native,spa&per_page=100');
      assert.ok(all.body.some((c: { name: string }) => c.name === 'Gatehouse Console'));
      assert.equal(two.body.total, all.body.length);
      const bad = await server.api('GET', '/clients?app_type=desktop');
      assert.equal(bad.status, 400);
      assert.equal(bad.body.errorCode, 'invalid_query_string');
    });

    it('pages with from/take checkpoints', async () => {
      const first = await server.api('GET', '/clients?take=2');
      assert.equal(first.body.clients.length, 2);
      assert.ok(first.body.next);
      const second = await server.api('GET', `/clients?take=2&from=${first.body.next}`);
      assert.ok(second.body.clients[0].client_id > first.body.clients[1].client_id);
    });

    it('patches fields, merges client_metadata and removes keys set to null', async () => {
      const created = await server.api('POST', '/clients', { name: 'patch me', description: 'old', client_metadata: { a: '1', b: '2' } });
      const res = await server.api('PATCH', `/clients/${created.body.client_id}`, {
        name: 'patched',
        description: null,
        client_metadata: { a: null, c: '3' },
        callbacks: ['https://p.example.com/cb'],
      });
      assert.equal(res.status, 200);
      assert.equal(res.body.name, 'patched');
      assert.equal(res.body.description, undefined);
      assert.deepEqual(res.body.client_metadata, { b: '2', c: '3' });
      assert.deepEqual(res.body.callbacks, ['https://p.example.com/cb']);
    });

    it('rejects a patch that breaks a cross-field rule and leaves the client unchanged', async () => {
      const created = await server.api('POST', '/clients', { name: 'machine', app_type: 'non_interactive' });
      const res = await server.api('PATCH', `/clients/${created.body.client_id}`, { name: 'renamed', token_endpoint_auth_method: 'none' });
      assert.equal(res.status, 400);
      assert.equal(res.body.errorCode, 'invalid_body');
      const stored = await server.api('GET', `/clients/${created.body.client_id}`);
      assert.equal(stored.body.name, 'machine');
      assert.equal(stored.body.token_endpoint_auth_method, 'client_secret_post');
    });

    it('rejects a patch that takes client_metadata over 10 keys', async () => {
      const created = await server.api('POST', '/clients', {
        name: 'meta patch',
        client_metadata: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, 'v'])),
      });
      const res = await server.api('PATCH', `/clients/${created.body.client_id}`, { client_metadata: { extra: 'v' } });
      assert.equal(res.status, 400);
      assert.equal(res.body.message, "Payload validation error: 'Too many properties (11), maximum 10' on property client_metadata.");
      assert.equal(Object.keys((await server.api('GET', `/clients/${created.body.client_id}`)).body.client_metadata).length, 10);
    });

    it('rotates the secret with update:client_keys', async () => {
      const created = await server.api('POST', '/clients', { name: 'rotate' });
      const res = await server.api('POST', `/clients/${created.body.client_id}/rotate-secret`);
      assert.equal(res.status, 200);
      assert.match(res.body.client_secret, /^[A-Za-z0-9]{64}$/);
      assert.notEqual(res.body.client_secret, created.body.client_secret);
      assert.equal((await server.api('GET', `/clients/${created.body.client_id}`)).body.client_secret, res.body.client_secret);
    });

    it('refuses rotate-secret without update:client_keys', async () => {
      const created = await server.api('POST', '/clients', { name: 'rotate refused' });
      const res = await server.api('POST', `/clients/${created.body.client_id}/rotate-secret`, undefined, noKeys);
      assert.equal(res.status, 403);
      assert.equal(res.body.errorCode, 'insufficient_scope');
      assert.equal((await server.api('GET', `/clients/${created.body.client_id}`)).body.client_secret, created.body.client_secret);
    });

    it('deletes a client and its grants, then 404s', async () => {
      const created = await server.api('POST', '/clients', { name: 'delete me', app_type: 'non_interactive' });
      const api = await server.api('POST', '/resource-servers', {
        name: 'Delete test API',
        identifier: 'https://delete-client.example.com',
      });
      await server.api('POST', '/client-grants', { client_id: created.body.client_id, audience: api.body.identifier, scope: [] });
      const res = await server.api('DELETE', `/clients/${created.body.client_id}`);
      assert.equal(res.status, 204);
      assert.equal((await server.api('GET', `/clients/${created.body.client_id}`)).status, 404);
      assert.deepEqual((await server.api('GET', `/client-grants?client_id=${created.body.client_id}`)).body, []);
    });

    it('refuses to delete the bootstrap client with 400 operation_not_supported', async () => {
      const res = await server.api('DELETE', `/clients/${server.bootstrap.clientId}`);
      assert.equal(res.status, 400);
      assert.equal(res.body.errorCode, 'operation_not_supported');
      assert.equal(res.body.message, 'The bootstrap application cannot be deleted.');
      assert.equal((await server.api('GET', `/clients/${server.bootstrap.clientId}`)).status, 200);
    });

    it('refuses to remove client_credentials from the bootstrap client', async () => {
      const res = await server.api('PATCH', `/clients/${server.bootstrap.clientId}`, { grant_types: ['authorization_code'] });
      assert.equal(res.status, 400);
      assert.equal(res.body.errorCode, 'operation_not_supported');
      assert.deepEqual((await server.api('GET', `/clients/${server.bootstrap.clientId}`)).body.grant_types, ['client_credentials']);
    });

    it('requires the route scope on every client route', async () => {
      const readOnly = await server.token(['read:clients']);
      const created = await server.api('POST', '/clients', { name: 'scoped' });
      const checks: [string, string, unknown, string][] = [
        ['POST', '/clients', { name: 'nope' }, 'create:clients'],
        ['PATCH', `/clients/${created.body.client_id}`, { name: 'nope' }, 'update:clients'],
        ['DELETE', `/clients/${created.body.client_id}`, undefined, 'delete:clients'],
      ];
      for (const [method, path, body, scope] of checks) {
        const res = await server.api(method, path, body, readOnly);
        assert.equal(res.status, 403);
        assert.equal(res.body.errorCode, 'insufficient_scope');
        assert.equal(res.body.message, `Insufficient scope; expected any of: ${scope}.`);
      }
      const none = await server.token(['read:users']);
      assert.equal((await server.api('GET', '/clients', undefined, none)).status, 403);
      assert.equal((await server.api('GET', `/clients/${created.body.client_id}`)).body.name, 'scoped');
    });
  });
}
