import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { createRole } from './memberships.factories.js';

for (const dialect of DIALECTS) {
  describe(`roles API [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect);
    });
    after(async () => {
      await server.close();
    });

    it('creates a role with a rol_ id and answers 200 as Auth0 does', async () => {
      const res = await server.api('POST', '/roles', { name: 'Admin', description: 'Administers everything' });
      assert.equal(res.status, 200);
      assert.match(res.body.id, /^rol_[A-Za-z0-9]{16}$/);
      assert.deepEqual(res.body, { id: res.body.id, name: 'Admin', description: 'Administers everything' });
    });

    it('omits description when none was given', async () => {
      const res = await server.api('POST', '/roles', { name: 'No description' });
      assert.equal(res.status, 200);
      assert.deepEqual(Object.keys(res.body).sort(), ['id', 'name']);
    });

    it('rejects an unknown field with 400 invalid_body naming it', async () => {
      const res = await server.api('POST', '/roles', { name: 'extra', color: 'red' });
      assert.equal(res.status, 400);
      assert.equal(res.body.errorCode, 'invalid_body');
      assert.equal(res.body.message, "Payload validation error: 'Additional properties not allowed: color' on property color.");
    });

    it('rejects a missing name', async () => {
      const res = await server.api('POST', '/roles', { description: 'x' });
      assert.equal(res.status, 400);
      assert.equal(res.body.message, "Payload validation error: 'Missing required property: name' on property name.");
    });

    it('rejects a name of the wrong type', async () => {
      const res = await server.api('POST', '/roles', { name: 7 });
      assert.equal(res.status, 400);
      assert.equal(res.body.message, "Payload validation error: 'Expected type string but found type integer' on property name.");
    });

    it('rejects a name over 50 and a description over 140 characters', async () => {
      const name = await server.api('POST', '/roles', { name: 'n'.repeat(51) });
      assert.equal(name.status, 400);
      assert.equal(name.body.message, "Payload validation error: 'String is too long (51 chars), maximum 50' on property name.");
      const description = await server.api('POST', '/roles', { name: 'long-description', description: 'd'.repeat(141) });
      assert.equal(description.status, 400);
      assert.equal(
        description.body.message,
        "Payload validation error: 'String is too long (141 chars), maximum 140' on property description.",
      );
      const list = await server.api('GET', '/roles?name_filter=long-description');
      assert.deepEqual(list.body, []);
    });

    it('returns 409 role_conflict for a duplicate name and keeps the original', async () => {
      const id = await createRole(server, 'Duplicate', 'original');
      const res = await server.api('POST', '/roles', { name: 'Duplicate', description: 'copy' });
      assert.equal(res.status, 409);
      assert.equal(res.body.errorCode, 'role_conflict');
      assert.equal((await server.api('GET', `/roles/${id}`)).body.description, 'original');
    });

    it('gets a role by id', async () => {
      const id = await createRole(server, 'Fetched', 'by id');
      const res = await server.api('GET', `/roles/${id}`);
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { id, name: 'Fetched', description: 'by id' });
    });

    it('returns 404 inexistent_role for an unknown id', async () => {
      const res = await server.api('GET', '/roles/rol_0000000000000000');
      assert.equal(res.status, 404);
      assert.equal(res.body.errorCode, 'inexistent_role');
    });

    it('returns 400 invalid_uri for a malformed id', async () => {
      const res = await server.api('GET', '/roles/not-a-role');
      assert.equal(res.status, 400);
      assert.equal(res.body.errorCode, 'invalid_uri');
    });

    it('updates name and description', async () => {
      const id = await createRole(server, 'Before', 'old');
      const res = await server.api('PATCH', `/roles/${id}`, { name: 'After', description: 'new' });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { id, name: 'After', description: 'new' });
      assert.equal((await server.api('GET', `/roles/${id}`)).body.name, 'After');
    });

    it('refuses a rename onto an existing name with 409 and keeps both roles', async () => {
      await createRole(server, 'Taken');
      const id = await createRole(server, 'Renamed later');
      const res = await server.api('PATCH', `/roles/${id}`, { name: 'Taken' });
      assert.equal(res.status, 409);
      assert.equal(res.body.errorCode, 'role_conflict');
      assert.equal((await server.api('GET', `/roles/${id}`)).body.name, 'Renamed later');
    });

    it('refuses an unknown field in a patch and changes nothing', async () => {
      const id = await createRole(server, 'Patch guard', 'kept');
      const res = await server.api('PATCH', `/roles/${id}`, { description: 'changed', owner: 'me' });
      assert.equal(res.status, 400);
      assert.equal(res.body.message, "Payload validation error: 'Additional properties not allowed: owner' on property owner.");
      assert.equal((await server.api('GET', `/roles/${id}`)).body.description, 'kept');
    });

    it('returns 404 inexistent_role when patching an unknown role', async () => {
      const res = await server.api('PATCH', '/roles/rol_0000000000000000', { name: 'ghost' });
      assert.equal(res.status, 404);
      assert.equal(res.body.errorCode, 'inexistent_role');
    });

    it('deletes a role, then 404s it', async () => {
      const id = await createRole(server, 'Doomed');
      assert.equal((await server.api('DELETE', `/roles/${id}`)).status, 204);
      assert.equal((await server.api('GET', `/roles/${id}`)).status, 404);
      const again = await server.api('DELETE', `/roles/${id}`);
      assert.equal(again.status, 404);
      assert.equal(again.body.errorCode, 'inexistent_role');
    });

    it('filters the list by name case-insensitively, treating % and _ literally', async () => {
      await createRole(server, 'Filter Alpha');
      await createRole(server, 'filter beta');
      await createRole(server, 'Other');
      await createRole(server, '100% filter_x');
      const res = await server.api('GET', '/roles?name_filter=FILTER');
      assert.deepEqual(res.body.map((r: { name: string }) => r.name).sort(), ['100% filter_x', 'Filter Alpha', 'filter beta']);
      const literal = await server.api('GET', `/roles?name_filter=${encodeURIComponent('0% f')}`);
      assert.deepEqual(
        literal.body.map((r: { name: string }) => r.name),
        ['100% filter_x'],
      );
      const underscore = await server.api('GET', '/roles?name_filter=r_');
      assert.deepEqual(
        underscore.body.map((r: { name: string }) => r.name),
        ['100% filter_x'],
      );
    });

    it('pages the list with totals', async () => {
      for (const n of ['Page 1', 'Page 2', 'Page 3']) await createRole(server, n);
      const res = await server.api('GET', '/roles?name_filter=page&per_page=2&page=1&include_totals=true');
      assert.equal(res.status, 200);
      assert.deepEqual({ start: res.body.start, limit: res.body.limit, total: res.body.total }, { start: 2, limit: 2, total: 3 });
      assert.deepEqual(
        res.body.roles.map((r: { name: string }) => r.name),
        ['Page 3'],
      );
    });

    it('rejects unknown query parameters and checkpoint paging on roles', async () => {
      const res = await server.api('GET', '/roles?take=2');
      assert.equal(res.status, 400);
      assert.equal(res.body.errorCode, 'invalid_query_string');
    });

    it('requires the scope of each route: 403 insufficient_scope', async () => {
      const readOnly = await server.token(['read:roles']);
      const create = await server.api('POST', '/roles', { name: 'Scoped' }, readOnly);
      assert.equal(create.status, 403);
      assert.equal(create.body.errorCode, 'insufficient_scope');
      const id = await createRole(server, 'Scope target');
      const noScopes = await server.token(['read:users']);
      for (const [method, path, body] of [
        ['GET', '/roles'],
        ['GET', `/roles/${id}`],
        ['PATCH', `/roles/${id}`, { name: 'x' }],
        ['DELETE', `/roles/${id}`],
      ] as const) {
        const res = await server.api(method, path, body, noScopes);
        assert.equal(res.status, 403, `${method} ${path}`);
        assert.equal(res.body.errorCode, 'insufficient_scope');
      }
      assert.equal(
        (await server.api('GET', '/roles?name_filter=Scoped', undefined, readOnly)).body.filter(
          (r: { name: string }) => r.name === 'Scoped',
        ).length,
        0,
      );
      assert.equal((await server.api('GET', `/roles/${id}`)).body.name, 'Scope target');
    });
  });
}
