import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { createRole, createUser } from './memberships.factories.js';
import { userPath } from './users.factories.js';

for (const dialect of DIALECTS) {
  describe(`user roles API [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect);
    });
    after(async () => {
      await server.close();
    });

    it("assigns roles with 201 and lists them by name in Auth0's shape", async () => {
      const userId = await createUser(server);
      const [b, a] = [await createRole(server, 'Billing reader', 'Reads invoices'), await createRole(server, 'Auditor')];
      const assign = await server.api('POST', userPath(userId, '/roles'), { roles: [b, a] });
      assert.equal(assign.status, 201);
      const list = await server.api('GET', userPath(userId, '/roles'));
      assert.equal(list.status, 200);
      assert.deepEqual(list.body, [
        { id: a, name: 'Auditor' },
        { id: b, name: 'Billing reader', description: 'Reads invoices' },
      ]);
    });

    it('keeps a role assigned twice once', async () => {
      const userId = await createUser(server);
      const role = await createRole(server);
      await server.api('POST', userPath(userId, '/roles'), { roles: [role] });
      assert.equal((await server.api('POST', userPath(userId, '/roles'), { roles: [role, role] })).status, 201);
      assert.deepEqual(
        (await server.api('GET', userPath(userId, '/roles'))).body.map((r: { id: string }) => r.id),
        [role],
      );
    });

    it('pages with page, per_page and include_totals', async () => {
      const userId = await createUser(server);
      const roles = [await createRole(server, 'Page A'), await createRole(server, 'Page B'), await createRole(server, 'Page C')];
      await server.api('POST', userPath(userId, '/roles'), { roles });
      const res = await server.api('GET', userPath(userId, '/roles?page=1&per_page=2&include_totals=true'));
      assert.deepEqual({ start: res.body.start, limit: res.body.limit, total: res.body.total }, { start: 2, limit: 2, total: 3 });
      assert.deepEqual(
        res.body.roles.map((r: { name: string }) => r.name),
        ['Page C'],
      );
    });

    it('removes roles with 204, ignoring ones the user does not hold', async () => {
      const userId = await createUser(server);
      const [keep, drop, other] = [await createRole(server), await createRole(server), await createRole(server)];
      await server.api('POST', userPath(userId, '/roles'), { roles: [keep, drop] });
      const res = await server.api('DELETE', userPath(userId, '/roles'), { roles: [drop, other] });
      assert.equal(res.status, 204);
      assert.deepEqual(
        (await server.api('GET', userPath(userId, '/roles'))).body.map((r: { id: string }) => r.id),
        [keep],
      );
    });

    it('rejects an unknown role with 400 naming roles, assigning none', async () => {
      const userId = await createUser(server);
      const role = await createRole(server);
      const res = await server.api('POST', userPath(userId, '/roles'), { roles: [role, 'rol_missing0000000'] });
      assert.equal(res.status, 400);
      assert.equal(res.body.errorCode, 'invalid_body');
      assert.equal(res.body.message, "Payload validation error: 'Role rol_missing0000000 does not exist' on property roles.");
      assert.deepEqual((await server.api('GET', userPath(userId, '/roles'))).body, []);
    });

    it('rejects an empty roles list', async () => {
      const userId = await createUser(server);
      const res = await server.api('POST', userPath(userId, '/roles'), { roles: [] });
      assert.equal(res.status, 400);
      assert.equal(res.body.message, "Payload validation error: 'Array is too short (0), minimum 1' on property roles.");
    });

    it('returns 404 inexistent_user for an unknown user on each route', async () => {
      const role = await createRole(server);
      for (const [method, body] of [
        ['GET', undefined],
        ['POST', { roles: [role] }],
        ['DELETE', { roles: [role] }],
      ] as const) {
        const res = await server.api(method, userPath('auth0|nobody', '/roles'), body);
        assert.equal(res.status, 404, method);
        assert.equal(res.body.errorCode, 'inexistent_user');
      }
    });

    it('drops the assignments when the role is deleted', async () => {
      const userId = await createUser(server);
      const role = await createRole(server);
      await server.api('POST', userPath(userId, '/roles'), { roles: [role] });
      await server.api('DELETE', `/roles/${role}`);
      assert.deepEqual((await server.api('GET', userPath(userId, '/roles'))).body, []);
    });

    it('needs read:users and read:roles to list, create:role_members and delete:role_members to change: 403 insufficient_scope', async () => {
      const userId = await createUser(server);
      const role = await createRole(server);
      for (const scopes of [['read:users'], ['read:roles']]) {
        const res = await server.api('GET', userPath(userId, '/roles'), undefined, await server.token(scopes));
        assert.equal(res.status, 403, scopes.join());
        assert.equal(res.body.errorCode, 'insufficient_scope');
      }
      assert.equal(
        (await server.api('GET', userPath(userId, '/roles'), undefined, await server.token(['read:users', 'read:roles']))).status,
        200,
      );
      // update:users can change a profile, not hand out roles (a tenant role can grant the Management API).
      const profileEditor = await server.token(['read:users', 'read:roles', 'update:users']);
      for (const method of ['POST', 'DELETE']) {
        const res = await server.api(method, userPath(userId, '/roles'), { roles: [role] }, profileEditor);
        assert.equal(res.status, 403, method);
        assert.equal(res.body.errorCode, 'insufficient_scope');
      }
      assert.deepEqual((await server.api('GET', userPath(userId, '/roles'))).body, [], 'nothing was assigned');
      assert.equal(
        (await server.api('POST', userPath(userId, '/roles'), { roles: [role] }, await server.token(['create:role_members']))).status,
        201,
      );
      assert.equal(
        (await server.api('DELETE', userPath(userId, '/roles'), { roles: [role] }, await server.token(['delete:role_members']))).status,
        204,
      );
    });
  });
}
