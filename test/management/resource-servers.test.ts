import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { managementAudience } from '../../src/config/config.js';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';

for (const dialect of DIALECTS) {
  describe(`resource servers API [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect);
    });
    after(async () => {
      await server.close();
    });

    const create = (identifier: string, extra: Record<string, unknown> = {}) =>
      server.api('POST', '/resource-servers', { name: `API ${identifier}`, identifier, ...extra });

    it('creates a resource server with a 24-hex id and Auth0 defaults', async () => {
      const res = await create('https://orders.example.com', { scopes: [{ value: 'read:orders', description: 'Read orders' }] });
      assert.equal(res.status, 201);
      assert.match(res.body.id, /^[0-9a-f]{24}$/);
      assert.deepEqual(res.body, {
        id: res.body.id,
        name: 'API https://orders.example.com',
        is_system: false,
        identifier: 'https://orders.example.com',
        scopes: [{ value: 'read:orders', description: 'Read orders' }],
        signing_alg: 'RS256',
        token_lifetime: 86400,
      });
    });

    it('returns 409 resource_server_conflict for a duplicate identifier and keeps the original', async () => {
      const first = await create('https://dupe.example.com', { name: 'Original' });
      const second = await create('https://dupe.example.com', { name: 'Copy' });
      assert.equal(second.status, 409);
      assert.equal(second.body.errorCode, 'resource_server_conflict');
      assert.equal((await server.api('GET', `/resource-servers/${first.body.id}`)).body.name, 'Original');
    });

    it('rejects an unknown field, a missing identifier and a too long identifier', async () => {
      const unknown = await create('https://x.example.com', { allow_offline_access: true });
      assert.equal(unknown.status, 400);
      assert.equal(
        unknown.body.message,
        "Payload validation error: 'Additional properties not allowed: allow_offline_access' on property allow_offline_access.",
      );
      const missing = await server.api('POST', '/resource-servers', { name: 'no identifier' });
      assert.equal(missing.body.message, "Payload validation error: 'Missing required property: identifier' on property identifier.");
      const long = await create(`urn:${'a'.repeat(600)}`, { name: 'long' });
      assert.equal(long.status, 400);
      assert.equal(long.body.message, "Payload validation error: 'String is too long (604 chars), maximum 600' on property identifier.");
    });

    it('rejects a scope value with spaces, over 280 characters, or duplicated', async () => {
      const spaced = await create('https://s1.example.com', { scopes: [{ value: 'read orders' }] });
      assert.equal(spaced.status, 400);
      assert.match(spaced.body.message, /on property scopes\.0\.value\.$/);
      const long = await create('https://s2.example.com', { scopes: [{ value: 'a'.repeat(281) }] });
      assert.equal(
        long.body.message,
        "Payload validation error: 'String is too long (281 chars), maximum 280' on property scopes.0.value.",
      );
      const dupe = await create('https://s3.example.com', { scopes: [{ value: 'read:x' }, { value: 'read:x', description: 'again' }] });
      assert.equal(dupe.status, 400);
      assert.equal(dupe.body.errorCode, 'invalid_body');
      assert.equal(dupe.body.message, "Payload validation error: 'Duplicate scope value: read:x' on property scopes.");
      assert.equal((await server.api('GET', `/resource-servers/${encodeURIComponent('https://s3.example.com')}`)).status, 404);
    });

    it('rejects a signing_alg other than RS256 and a token_lifetime out of range', async () => {
      const alg = await create('https://alg.example.com', { signing_alg: 'HS256' });
      assert.equal(alg.body.message, 'Payload validation error: \'No enum match for: "HS256"\' on property signing_alg.');
      const short = await create('https://ttl.example.com', { token_lifetime: 59 });
      assert.equal(short.body.message, "Payload validation error: 'Value 59 is less than minimum 60' on property token_lifetime.");
      const long = await create('https://ttl.example.com', { token_lifetime: 2592001 });
      assert.equal(
        long.body.message,
        "Payload validation error: 'Value 2592001 is greater than maximum 2592000' on property token_lifetime.",
      );
    });

    it('gets by id and by URL-encoded identifier', async () => {
      const created = await create('https://lookup.example.com/api');
      assert.equal((await server.api('GET', `/resource-servers/${created.body.id}`)).body.identifier, 'https://lookup.example.com/api');
      const byIdentifier = await server.api('GET', `/resource-servers/${encodeURIComponent('https://lookup.example.com/api')}`);
      assert.equal(byIdentifier.status, 200);
      assert.equal(byIdentifier.body.id, created.body.id);
    });

    it('returns 404 inexistent_resource_server for an unknown id', async () => {
      for (const [method, body] of [
        ['GET', undefined],
        ['PATCH', { name: 'x' }],
        ['DELETE', undefined],
      ] as const) {
        const res = await server.api(method, '/resource-servers/000000000000000000000000', body);
        assert.equal(res.status, 404);
        assert.equal(res.body.errorCode, 'inexistent_resource_server');
      }
    });

    it('lists the system Management API with the created ones, with totals and checkpoints', async () => {
      const all = await server.api('GET', '/resource-servers?include_totals=true');
      assert.equal(all.status, 200);
      const system = all.body.resource_servers.filter((r: { is_system: boolean }) => r.is_system);
      assert.deepEqual(
        system.map((r: { identifier: string }) => r.identifier).sort(),
        [managementAudience(server.config), `${server.url}/my-org/`, `${server.url}/me/`].sort(),
        'the Management, My Organization and My Account APIs',
      );
      assert.equal(all.body.total, all.body.resource_servers.length);
      const page = await server.api('GET', '/resource-servers?take=1');
      assert.equal(page.body.resource_servers.length, 1);
      const next = await server.api('GET', `/resource-servers?take=1&from=${page.body.next}`);
      assert.ok(next.body.resource_servers[0].id > page.body.resource_servers[0].id);
    });

    it('patches name, scopes and token_lifetime', async () => {
      const created = await create('https://patch.example.com');
      const res = await server.api('PATCH', `/resource-servers/${created.body.id}`, {
        name: 'Renamed',
        scopes: [{ value: 'write:x' }],
        token_lifetime: 3600,
      });
      assert.equal(res.status, 200);
      assert.equal(res.body.name, 'Renamed');
      assert.deepEqual(res.body.scopes, [{ value: 'write:x' }]);
      assert.equal(res.body.token_lifetime, 3600);
    });

    it('refuses to change the identifier', async () => {
      const created = await create('https://immutable.example.com');
      const res = await server.api('PATCH', `/resource-servers/${created.body.id}`, { identifier: 'https://other.example.com' });
      assert.equal(res.status, 400);
      assert.equal(res.body.message, "Payload validation error: 'Additional properties not allowed: identifier' on property identifier.");
      assert.equal((await server.api('GET', `/resource-servers/${created.body.id}`)).body.identifier, 'https://immutable.example.com');
    });

    it('removes a dropped scope from the client grants of the API', async () => {
      const api = await create('https://trim.example.com', { scopes: [{ value: 'a' }, { value: 'b' }] });
      const client = await server.api('POST', '/clients', { name: 'trim client', app_type: 'non_interactive' });
      const grant = await server.api('POST', '/client-grants', {
        client_id: client.body.client_id,
        audience: api.body.identifier,
        scope: ['a', 'b'],
      });
      await server.api('PATCH', `/resource-servers/${api.body.id}`, { scopes: [{ value: 'b' }] });
      const grants = await server.api('GET', `/client-grants?audience=${encodeURIComponent(api.body.identifier)}`);
      assert.deepEqual(grants.body, [{ ...grant.body, scope: ['b'] }]);
    });

    it('refuses to update or delete the system Management API with 400 operation_not_supported', async () => {
      const list = await server.api('GET', '/resource-servers');
      const system = list.body.find((r: { identifier: string }) => r.identifier === managementAudience(server.config));
      const patch = await server.api('PATCH', `/resource-servers/${system.id}`, { name: 'Hijacked' });
      assert.equal(patch.status, 400);
      assert.equal(patch.body.errorCode, 'operation_not_supported');
      assert.equal(patch.body.message, 'The Management API is a system resource server and cannot be updated.');
      const del = await server.api('DELETE', `/resource-servers/${system.id}`);
      assert.equal(del.status, 400);
      assert.equal(del.body.message, 'The Management API is a system resource server and cannot be deleted.');
      assert.equal((await server.api('GET', `/resource-servers/${system.id}`)).body.name, system.name);
    });

    it('deletes a resource server together with its client grants', async () => {
      const api = await create('https://gone.example.com', { scopes: [{ value: 'x' }] });
      const client = await server.api('POST', '/clients', { name: 'gone client', app_type: 'non_interactive' });
      await server.api('POST', '/client-grants', { client_id: client.body.client_id, audience: api.body.identifier, scope: ['x'] });
      const res = await server.api('DELETE', `/resource-servers/${api.body.id}`);
      assert.equal(res.status, 204);
      assert.equal((await server.api('GET', `/resource-servers/${api.body.id}`)).status, 404);
      assert.deepEqual((await server.api('GET', `/client-grants?audience=${encodeURIComponent(api.body.identifier)}`)).body, []);
    });

    it('requires the route scope on every resource server route', async () => {
      const created = await create('https://scoped.example.com');
      const readOnly = await server.token(['read:resource_servers']);
      const checks: [string, string, unknown, string][] = [
        ['POST', '/resource-servers', { name: 'n', identifier: 'https://nope.example.com' }, 'create:resource_servers'],
        ['PATCH', `/resource-servers/${created.body.id}`, { name: 'nope' }, 'update:resource_servers'],
        ['DELETE', `/resource-servers/${created.body.id}`, undefined, 'delete:resource_servers'],
      ];
      for (const [method, path, body, scope] of checks) {
        const res = await server.api(method, path, body, readOnly);
        assert.equal(res.status, 403);
        assert.equal(res.body.errorCode, 'insufficient_scope');
        assert.equal(res.body.message, `Insufficient scope; expected any of: ${scope}.`);
      }
      assert.equal((await server.api('GET', '/resource-servers', undefined, await server.token(['read:clients']))).status, 403);
      assert.equal((await server.api('GET', `/resource-servers/${created.body.id}`)).body.name, 'API https://scoped.example.com');
    });
  });
}
