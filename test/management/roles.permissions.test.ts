import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { createResourceServer, createRole } from './memberships.factories.js';

const API = 'https://billing.example';

for (const dialect of DIALECTS) {
  describe(`role permissions API [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect);
      await createResourceServer(
        server,
        API,
        [
          { value: 'read:invoices', description: 'Read invoices' },
          { value: 'write:invoices', description: 'Write invoices' },
          { value: 'pay:invoices' },
        ],
        'Billing',
      );
      await createResourceServer(server, 'https://other.example', [{ value: 'read:invoices' }], 'Other');
    });
    after(async () => {
      await server.close();
    });

    const perm = (permission_name: string, resource_server_identifier = API) => ({ permission_name, resource_server_identifier });

    it('adds permissions with 201 and lists them with the API name and scope description', async () => {
      const id = await createRole(server);
      const add = await server.api('POST', `/roles/${id}/permissions`, {
        permissions: [perm('write:invoices'), perm('read:invoices'), perm('pay:invoices')],
      });
      assert.equal(add.status, 201);
      const list = await server.api('GET', `/roles/${id}/permissions`);
      assert.equal(list.status, 200);
      assert.deepEqual(list.body, [
        { permission_name: 'pay:invoices', resource_server_identifier: API, resource_server_name: 'Billing' },
        {
          permission_name: 'read:invoices',
          resource_server_identifier: API,
          resource_server_name: 'Billing',
          description: 'Read invoices',
        },
        {
          permission_name: 'write:invoices',
          resource_server_identifier: API,
          resource_server_name: 'Billing',
          description: 'Write invoices',
        },
      ]);
    });

    it('adding a permission the role already has is idempotent', async () => {
      const id = await createRole(server);
      await server.api('POST', `/roles/${id}/permissions`, { permissions: [perm('read:invoices')] });
      const again = await server.api('POST', `/roles/${id}/permissions`, { permissions: [perm('read:invoices'), perm('read:invoices')] });
      assert.equal(again.status, 201);
      assert.equal((await server.api('GET', `/roles/${id}/permissions`)).body.length, 1);
    });

    it('rejects a scope the resource server does not define, naming it, and adds nothing', async () => {
      const id = await createRole(server);
      const res = await server.api('POST', `/roles/${id}/permissions`, { permissions: [perm('read:invoices'), perm('delete:invoices')] });
      assert.equal(res.status, 400);
      assert.equal(res.body.errorCode, 'invalid_body');
      assert.equal(
        res.body.message,
        `Payload validation error: 'Permission delete:invoices does not exist on resource server ${API}' on property permissions.`,
      );
      assert.deepEqual((await server.api('GET', `/roles/${id}/permissions`)).body, []);
    });

    it('rejects an unknown resource server, naming it', async () => {
      const id = await createRole(server);
      const res = await server.api('POST', `/roles/${id}/permissions`, { permissions: [perm('read:invoices', 'https://nowhere.example')] });
      assert.equal(res.status, 400);
      assert.equal(
        res.body.message,
        "Payload validation error: 'Resource server https://nowhere.example does not exist' on property permissions.",
      );
      assert.deepEqual((await server.api('GET', `/roles/${id}/permissions`)).body, []);
    });

    it('rejects bad bodies: empty list, unknown field, wrong type', async () => {
      const id = await createRole(server);
      const empty = await server.api('POST', `/roles/${id}/permissions`, { permissions: [] });
      assert.equal(empty.status, 400);
      assert.equal(empty.body.message, "Payload validation error: 'Array is too short (0), minimum 1' on property permissions.");
      const extra = await server.api('POST', `/roles/${id}/permissions`, { permissions: [{ ...perm('read:invoices'), scope: 'x' }] });
      assert.equal(extra.status, 400);
      assert.equal(
        extra.body.message,
        "Payload validation error: 'Additional properties not allowed: scope' on property permissions.0.scope.",
      );
      const type = await server.api('POST', `/roles/${id}/permissions`, { permissions: 'read:invoices' });
      assert.equal(type.status, 400);
      assert.equal(type.body.message, "Payload validation error: 'Expected type array but found type string' on property permissions.");
    });

    it('returns 404 inexistent_role for permissions of an unknown role', async () => {
      const get = await server.api('GET', '/roles/rol_0000000000000000/permissions');
      assert.equal(get.status, 404);
      assert.equal(get.body.errorCode, 'inexistent_role');
      const add = await server.api('POST', '/roles/rol_0000000000000000/permissions', { permissions: [perm('read:invoices')] });
      assert.equal(add.status, 404);
      assert.equal(add.body.errorCode, 'inexistent_role');
    });

    it('removes permissions with 204 and ignores ones the role lacks', async () => {
      const id = await createRole(server);
      await server.api('POST', `/roles/${id}/permissions`, { permissions: [perm('read:invoices'), perm('write:invoices')] });
      const res = await server.api('DELETE', `/roles/${id}/permissions`, { permissions: [perm('read:invoices'), perm('pay:invoices')] });
      assert.equal(res.status, 204);
      assert.deepEqual(
        (await server.api('GET', `/roles/${id}/permissions`)).body.map((p: { permission_name: string }) => p.permission_name),
        ['write:invoices'],
      );
    });

    it('pages permissions with totals', async () => {
      const id = await createRole(server);
      await server.api('POST', `/roles/${id}/permissions`, {
        permissions: [perm('read:invoices'), perm('write:invoices'), perm('read:invoices', 'https://other.example')],
      });
      const res = await server.api('GET', `/roles/${id}/permissions?per_page=2&page=0&include_totals=true`);
      assert.equal(res.body.total, 3);
      assert.equal(res.body.permissions.length, 2);
      assert.equal(res.body.limit, 2);
    });

    it('permissionsFor merges roles for one audience and drops scopes the API no longer defines', async () => {
      const a = await createRole(server);
      const b = await createRole(server);
      await server.api('POST', `/roles/${a}/permissions`, {
        permissions: [perm('read:invoices'), perm('read:invoices', 'https://other.example')],
      });
      await server.api('POST', `/roles/${b}/permissions`, { permissions: [perm('read:invoices'), perm('pay:invoices')] });
      const { roles } = server.app.services;
      assert.deepEqual(await roles.permissionsFor([a, b], API), ['pay:invoices', 'read:invoices']);
      await server.database.db.kysely
        .updateTable('resource_servers')
        .set({ scopes: JSON.stringify([{ value: 'read:invoices' }]) })
        .where('identifier', '=', API)
        .execute();
      assert.deepEqual(await roles.permissionsFor([a, b], API), ['read:invoices']);
      assert.deepEqual(await roles.permissionsFor([], API), []);
    });

    it('deleting a role removes its permissions', async () => {
      const id = await createRole(server);
      await server.api('POST', `/roles/${id}/permissions`, { permissions: [perm('read:invoices', 'https://other.example')] });
      await server.api('DELETE', `/roles/${id}`);
      const rows = await server.database.db.kysely.selectFrom('role_permissions').selectAll().where('role_id', '=', id).execute();
      assert.deepEqual(rows, []);
    });

    it('requires read:roles to list and update:roles to change permissions', async () => {
      const id = await createRole(server);
      const token = await server.token(['read:roles']);
      const add = await server.api(
        'POST',
        `/roles/${id}/permissions`,
        { permissions: [perm('read:invoices', 'https://other.example')] },
        token,
      );
      assert.equal(add.status, 403);
      assert.equal(add.body.errorCode, 'insufficient_scope');
      const del = await server.api(
        'DELETE',
        `/roles/${id}/permissions`,
        { permissions: [perm('read:invoices', 'https://other.example')] },
        token,
      );
      assert.equal(del.status, 403);
      const list = await server.api('GET', `/roles/${id}/permissions`, undefined, await server.token(['update:roles']));
      assert.equal(list.status, 403);
      assert.deepEqual((await server.api('GET', `/roles/${id}/permissions`)).body, []);
    });
  });
}
