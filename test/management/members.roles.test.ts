import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { createOrganization, createRole, createUser, organizationWithMembers, storedMemberRoles } from './memberships.factories.js';

for (const dialect of DIALECTS) {
  describe(`organization member roles API [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect);
    });
    after(async () => {
      await server.close();
    });

    const path = (orgId: string, userId: string) => `/organizations/${orgId}/members/${encodeURIComponent(userId)}/roles`;

    it('assigns roles with 204 and lists them with id, name and description', async () => {
      const user = await createUser(server);
      const orgId = await organizationWithMembers(server, [user]);
      const editor = await createRole(server, 'Editor', 'Edits things');
      const viewer = await createRole(server, 'Viewer');
      const res = await server.api('POST', path(orgId, user), { roles: [viewer, editor] });
      assert.equal(res.status, 204);
      const list = await server.api('GET', path(orgId, user));
      assert.equal(list.status, 200);
      assert.deepEqual(list.body, [
        { id: editor, name: 'Editor', description: 'Edits things' },
        { id: viewer, name: 'Viewer' },
      ]);
    });

    it('assigning a role the member holds is idempotent', async () => {
      const user = await createUser(server);
      const orgId = await organizationWithMembers(server, [user]);
      const role = await createRole(server);
      await server.api('POST', path(orgId, user), { roles: [role] });
      assert.equal((await server.api('POST', path(orgId, user), { roles: [role, role] })).status, 204);
      assert.deepEqual(await storedMemberRoles(server, orgId, user), [role]);
    });

    it('roles are per organization: a role in one organization does not show in another', async () => {
      const user = await createUser(server);
      const orgA = await organizationWithMembers(server, [user]);
      const orgB = await organizationWithMembers(server, [user]);
      const role = await createRole(server);
      await server.api('POST', path(orgA, user), { roles: [role] });
      assert.deepEqual((await server.api('GET', path(orgB, user))).body, []);
      assert.deepEqual(
        (await server.app.services.memberships.rolesOf(orgA, user)).map((r) => r.id),
        [role],
      );
      assert.deepEqual(await server.app.services.memberships.rolesOf(orgB, user), []);
    });

    it('returns 404 inexistent_member for a user who is not a member, on every method', async () => {
      const member = await createUser(server);
      const outsider = await createUser(server);
      const orgId = await organizationWithMembers(server, [member]);
      const role = await createRole(server);
      for (const [method, body] of [
        ['GET', undefined],
        ['POST', { roles: [role] }],
        ['DELETE', { roles: [role] }],
      ] as const) {
        const res = await server.api(method, path(orgId, outsider), body);
        assert.equal(res.status, 404, method);
        assert.equal(res.body.errorCode, 'inexistent_member');
      }
      assert.deepEqual(await storedMemberRoles(server, orgId, outsider), []);
    });

    it('returns 404 inexistent_member for a member of another organization', async () => {
      const user = await createUser(server);
      await organizationWithMembers(server, [user]);
      const otherOrg = await createOrganization(server);
      const res = await server.api('POST', path(otherOrg, user), { roles: [await createRole(server)] });
      assert.equal(res.status, 404);
      assert.equal(res.body.errorCode, 'inexistent_member');
    });

    it('returns 404 inexistent_organization for an unknown organization', async () => {
      const res = await server.api('GET', path('org_0000000000000000', 'auth0|x'));
      assert.equal(res.status, 404);
      assert.equal(res.body.errorCode, 'inexistent_organization');
    });

    it('rejects an unknown role with 400 naming it and assigns none of the request', async () => {
      const user = await createUser(server);
      const orgId = await organizationWithMembers(server, [user]);
      const role = await createRole(server);
      const res = await server.api('POST', path(orgId, user), { roles: [role, 'rol_DoesNotExist000'] });
      assert.equal(res.status, 400);
      assert.equal(res.body.errorCode, 'invalid_body');
      assert.equal(res.body.message, "Payload validation error: 'Role rol_DoesNotExist000 does not exist' on property roles.");
      assert.deepEqual(await storedMemberRoles(server, orgId, user), []);
    });

    it('rejects bad bodies: missing roles, wrong type, empty list, unknown field', async () => {
      const user = await createUser(server);
      const orgId = await organizationWithMembers(server, [user]);
      const cases: [unknown, string][] = [
        [{}, "Payload validation error: 'Missing required property: roles' on property roles."],
        [{ roles: [1] }, "Payload validation error: 'Expected type string but found type integer' on property roles.0."],
        [{ roles: [] }, "Payload validation error: 'Array is too short (0), minimum 1' on property roles."],
        [{ roles: ['rol_x'], members: [] }, "Payload validation error: 'Additional properties not allowed: members' on property members."],
      ];
      for (const [body, message] of cases) {
        const res = await server.api('POST', path(orgId, user), body);
        assert.equal(res.status, 400, JSON.stringify(body));
        assert.equal(res.body.message, message);
      }
    });

    it('allows 50 roles per member; the 51st is refused with 400 too_many_entities and the member keeps exactly 50', async () => {
      const user = await createUser(server);
      const orgId = await organizationWithMembers(server, [user]);
      const roleIds: string[] = [];
      for (let i = 0; i < 51; i += 1) roleIds.push(await createRole(server, `limit-${String(i).padStart(2, '0')}`));
      const fifty = await server.api('POST', path(orgId, user), { roles: roleIds.slice(0, 50) });
      assert.equal(fifty.status, 204);
      const res = await server.api('POST', path(orgId, user), { roles: [roleIds[50]] });
      assert.equal(res.status, 400);
      assert.equal(res.body.errorCode, 'too_many_entities');
      assert.equal(res.body.message, 'A member can have at most 50 roles in an organization; this request would give the member 51.');
      const stored = await storedMemberRoles(server, orgId, user);
      assert.equal(stored.length, 50);
      assert.ok(!stored.includes(roleIds[50]));
      const listed = await server.api('GET', `${path(orgId, user)}?per_page=100&include_totals=true`);
      assert.equal(listed.body.total, 50);
    });

    it('a request over the limit adds none of its roles, even those that would fit', async () => {
      const user = await createUser(server);
      const orgId = await organizationWithMembers(server, [user]);
      const roleIds: string[] = [];
      for (let i = 0; i < 51; i += 1) roleIds.push(await createRole(server));
      const res = await server.api('POST', path(orgId, user), { roles: roleIds });
      assert.equal(res.status, 400);
      assert.equal(res.body.errorCode, 'too_many_entities');
      assert.deepEqual(await storedMemberRoles(server, orgId, user), []);
    });

    it('two concurrent assignments cannot together pass the limit', async () => {
      const user = await createUser(server);
      const orgId = await organizationWithMembers(server, [user]);
      const roleIds: string[] = [];
      for (let i = 0; i < 52; i += 1) roleIds.push(await createRole(server));
      const results = await Promise.all([
        server.api('POST', path(orgId, user), { roles: roleIds.slice(0, 26) }),
        server.api('POST', path(orgId, user), { roles: roleIds.slice(26) }),
      ]);
      assert.deepEqual(results.map((r) => r.status).sort(), [204, 400]);
      assert.equal((await storedMemberRoles(server, orgId, user)).length, 26);
    });

    it('removes roles with 204 and ignores roles the member does not hold', async () => {
      const user = await createUser(server);
      const orgId = await organizationWithMembers(server, [user]);
      const [a, b, c] = [await createRole(server), await createRole(server), await createRole(server)];
      await server.api('POST', path(orgId, user), { roles: [a, b] });
      const res = await server.api('DELETE', path(orgId, user), { roles: [a, c] });
      assert.equal(res.status, 204);
      assert.deepEqual(await storedMemberRoles(server, orgId, user), [b]);
    });

    it('refuses to remove an unknown role, naming it, and removes nothing', async () => {
      const user = await createUser(server);
      const orgId = await organizationWithMembers(server, [user]);
      const role = await createRole(server);
      await server.api('POST', path(orgId, user), { roles: [role] });
      const res = await server.api('DELETE', path(orgId, user), { roles: [role, 'rol_Missing0000000'] });
      assert.equal(res.status, 400);
      assert.equal(res.body.message, "Payload validation error: 'Role rol_Missing0000000 does not exist' on property roles.");
      assert.deepEqual(await storedMemberRoles(server, orgId, user), [role]);
    });

    it('removing a member drops their roles in that organization', async () => {
      const user = await createUser(server);
      const orgId = await organizationWithMembers(server, [user]);
      await server.api('POST', path(orgId, user), { roles: [await createRole(server)] });
      await server.api('DELETE', `/organizations/${orgId}/members`, { members: [user] });
      assert.deepEqual(await storedMemberRoles(server, orgId, user), []);
    });

    it('pages member roles', async () => {
      const user = await createUser(server);
      const orgId = await organizationWithMembers(server, [user]);
      const roles = [await createRole(server, 'pg-a'), await createRole(server, 'pg-b'), await createRole(server, 'pg-c')];
      await server.api('POST', path(orgId, user), { roles });
      const res = await server.api('GET', `${path(orgId, user)}?page=1&per_page=2&include_totals=true`);
      assert.deepEqual(res.body, { roles: [{ id: roles[2], name: 'pg-c' }], start: 2, limit: 2, total: 3 });
    });

    it('requires the organization_member_roles scopes: 403 insufficient_scope and nothing changes', async () => {
      const user = await createUser(server);
      const orgId = await organizationWithMembers(server, [user]);
      const role = await createRole(server);
      const readOnly = await server.token(['read:organization_member_roles']);
      const add = await server.api('POST', path(orgId, user), { roles: [role] }, readOnly);
      assert.equal(add.status, 403);
      assert.equal(add.body.errorCode, 'insufficient_scope');
      assert.deepEqual(await storedMemberRoles(server, orgId, user), []);
      await server.api('POST', path(orgId, user), { roles: [role] });
      const del = await server.api('DELETE', path(orgId, user), { roles: [role] }, readOnly);
      assert.equal(del.status, 403);
      assert.deepEqual(await storedMemberRoles(server, orgId, user), [role]);
      const get = await server.api('GET', path(orgId, user), undefined, await server.token(['create:organization_member_roles']));
      assert.equal(get.status, 403);
    });
  });
}
