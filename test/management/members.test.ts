import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SYSTEM_ACTOR } from '../../src/domain/events/actor.js';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { createOrganization, createRole, createUser, organizationWithMembers } from './memberships.factories.js';

for (const dialect of DIALECTS) {
  describe(`organization members API [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect);
    });
    after(async () => {
      await server.close();
    });

    const ids = (members: { user_id: string }[]) => members.map((m) => m.user_id);

    it('adds members with 204 and lists them with their profile fields', async () => {
      const user = await createUser(server, { email: 'ann@example.com', name: 'Ann', picture: 'https://pics.example/ann.png' });
      const orgId = await createOrganization(server);
      const add = await server.api('POST', `/organizations/${orgId}/members`, { members: [user] });
      assert.equal(add.status, 204);
      const list = await server.api('GET', `/organizations/${orgId}/members`);
      assert.equal(list.status, 200);
      assert.deepEqual(list.body, [{ user_id: user, email: 'ann@example.com', name: 'Ann', picture: 'https://pics.example/ann.png' }]);
    });

    it('adding an existing member again is idempotent', async () => {
      const user = await createUser(server);
      const orgId = await organizationWithMembers(server, [user]);
      const again = await server.api('POST', `/organizations/${orgId}/members`, { members: [user, user] });
      assert.equal(again.status, 204);
      assert.deepEqual(ids((await server.api('GET', `/organizations/${orgId}/members`)).body), [user]);
    });

    it('rejects an unknown user with 400 naming it and adds no one', async () => {
      const user = await createUser(server);
      const orgId = await createOrganization(server);
      const res = await server.api('POST', `/organizations/${orgId}/members`, { members: [user, 'auth0|nobody'] });
      assert.equal(res.status, 400);
      assert.equal(res.body.errorCode, 'invalid_body');
      assert.equal(res.body.message, "Payload validation error: 'User auth0|nobody does not exist' on property members.");
      assert.deepEqual((await server.api('GET', `/organizations/${orgId}/members`)).body, []);
    });

    it('rejects bad bodies: missing members, wrong type, empty list, unknown field, too long id', async () => {
      const orgId = await createOrganization(server);
      const cases: [unknown, string][] = [
        [{}, "Payload validation error: 'Missing required property: members' on property members."],
        [{ members: 'auth0|x' }, "Payload validation error: 'Expected type array but found type string' on property members."],
        [{ members: [] }, "Payload validation error: 'Array is too short (0), minimum 1' on property members."],
        [{ members: ['auth0|x'], extra: 1 }, "Payload validation error: 'Additional properties not allowed: extra' on property extra."],
        [{ members: ['x'.repeat(256)] }, "Payload validation error: 'String is too long (256 chars), maximum 255' on property members.0."],
      ];
      for (const [body, message] of cases) {
        const res = await server.api('POST', `/organizations/${orgId}/members`, body);
        assert.equal(res.status, 400, JSON.stringify(body));
        assert.equal(res.body.message, message);
      }
    });

    it('returns 404 inexistent_organization for members of an unknown organization', async () => {
      const user = await createUser(server);
      for (const [method, body] of [
        ['GET', undefined],
        ['POST', { members: [user] }],
        ['DELETE', { members: [user] }],
      ] as const) {
        const res = await server.api(method, '/organizations/org_0000000000000000/members', body);
        assert.equal(res.status, 404, method);
        assert.equal(res.body.errorCode, 'inexistent_organization');
      }
    });

    it('removes members with 204 and ignores non-members', async () => {
      const [a, b, c] = [await createUser(server), await createUser(server), await createUser(server)];
      const orgId = await organizationWithMembers(server, [a, b]);
      const res = await server.api('DELETE', `/organizations/${orgId}/members`, { members: [a, c] });
      assert.equal(res.status, 204);
      assert.deepEqual(ids((await server.api('GET', `/organizations/${orgId}/members`)).body), [b]);
    });

    it('removing a member from one organization leaves the other organization untouched', async () => {
      const user = await createUser(server);
      const orgA = await organizationWithMembers(server, [user]);
      const orgB = await organizationWithMembers(server, [user]);
      await server.api('DELETE', `/organizations/${orgB}/members`, { members: [user] });
      assert.deepEqual(ids((await server.api('GET', `/organizations/${orgA}/members`)).body), [user]);
      assert.deepEqual((await server.api('GET', `/organizations/${orgB}/members`)).body, []);
    });

    it('does not list members of another organization', async () => {
      const [a, b] = [await createUser(server), await createUser(server)];
      const orgA = await organizationWithMembers(server, [a]);
      const orgB = await organizationWithMembers(server, [b]);
      assert.deepEqual(ids((await server.api('GET', `/organizations/${orgA}/members`)).body), [a]);
      assert.deepEqual(ids((await server.api('GET', `/organizations/${orgB}/members`)).body), [b]);
    });

    describe('paging', () => {
      let orgId: string;
      let userIds: string[];
      before(async () => {
        userIds = [];
        for (let i = 0; i < 7; i += 1) userIds.push(await createUser(server));
        userIds.sort();
        orgId = await organizationWithMembers(server, userIds);
      });

      it('checkpoint paging with take=3 visits each of 7 members exactly once, in order', async () => {
        const seen: string[] = [];
        let next: string | undefined;
        let pages = 0;
        do {
          const query = next ? `take=3&from=${encodeURIComponent(next)}` : 'take=3';
          const res = await server.api('GET', `/organizations/${orgId}/members?${query}`);
          assert.equal(res.status, 200);
          assert.ok(res.body.members.length <= 3);
          seen.push(...ids(res.body.members));
          next = res.body.next;
          pages += 1;
        } while (next);
        assert.equal(pages, 3);
        assert.deepEqual(seen, userIds);
      });

      it('checkpoint paging omits next on the last page', async () => {
        const res = await server.api('GET', `/organizations/${orgId}/members?take=7`);
        assert.equal(res.body.members.length, 7);
        assert.equal(res.body.next, undefined);
      });

      it('a member added behind the cursor mid-walk is not visited twice', async () => {
        const first = await server.api('GET', `/organizations/${orgId}/members?take=3`);
        const early = await createUser(server, { id: 'auth0|000000000000' });
        await server.api('POST', `/organizations/${orgId}/members`, { members: [early] });
        const rest: string[] = [];
        let next: string | undefined = first.body.next;
        while (next) {
          const res = await server.api('GET', `/organizations/${orgId}/members?take=3&from=${encodeURIComponent(next)}`);
          rest.push(...ids(res.body.members));
          next = res.body.next;
        }
        assert.deepEqual([...ids(first.body.members), ...rest], userIds);
        await server.api('DELETE', `/organizations/${orgId}/members`, { members: [early] });
      });

      it('rejects a malformed checkpoint with 400 invalid_query_string', async () => {
        const res = await server.api('GET', `/organizations/${orgId}/members?take=3&from=garbage`);
        assert.equal(res.status, 400);
        assert.equal(res.body.errorCode, 'invalid_query_string');
        assert.equal(res.body.message, "Query validation error: 'Invalid checkpoint' on property from.");
      });

      it('offset paging returns start, limit and total', async () => {
        const res = await server.api('GET', `/organizations/${orgId}/members?page=1&per_page=3&include_totals=true`);
        assert.equal(res.status, 200);
        assert.deepEqual({ start: res.body.start, limit: res.body.limit, total: res.body.total }, { start: 3, limit: 3, total: 7 });
        assert.deepEqual(ids(res.body.members), userIds.slice(3, 6));
      });
    });

    it("includes each member's roles only when fields names roles", async () => {
      const user = await createUser(server, { email: 'roles@example.com' });
      const orgId = await organizationWithMembers(server, [user]);
      const roleId = await createRole(server, 'Listed role');
      await server.api('POST', `/organizations/${orgId}/members/${encodeURIComponent(user)}/roles`, { roles: [roleId] });
      const plain = await server.api('GET', `/organizations/${orgId}/members`);
      assert.equal(plain.body[0].roles, undefined);
      const withRoles = await server.api('GET', `/organizations/${orgId}/members?fields=user_id,roles`);
      assert.deepEqual(withRoles.body, [{ user_id: user, roles: [{ id: roleId, name: 'Listed role' }] }]);
      const excluded = await server.api('GET', `/organizations/${orgId}/members?fields=email&include_fields=false`);
      assert.deepEqual(excluded.body, [{ user_id: user }]);
    });

    it('rejects an unknown field name in fields', async () => {
      const orgId = await createOrganization(server);
      const res = await server.api('GET', `/organizations/${orgId}/members?fields=password`);
      assert.equal(res.status, 400);
      assert.equal(res.body.errorCode, 'invalid_query_string');
    });

    it('requires the organization_members scopes: 403 insufficient_scope and nothing changes', async () => {
      const user = await createUser(server);
      const orgId = await createOrganization(server);
      const readOnly = await server.token(['read:organization_members']);
      const add = await server.api('POST', `/organizations/${orgId}/members`, { members: [user] }, readOnly);
      assert.equal(add.status, 403);
      assert.equal(add.body.errorCode, 'insufficient_scope');
      assert.deepEqual((await server.api('GET', `/organizations/${orgId}/members`, undefined, readOnly)).body, []);
      await server.api('POST', `/organizations/${orgId}/members`, { members: [user] });
      const del = await server.api('DELETE', `/organizations/${orgId}/members`, { members: [user] }, readOnly);
      assert.equal(del.status, 403);
      const list = await server.api(
        'GET',
        `/organizations/${orgId}/members`,
        undefined,
        await server.token(['create:organization_members']),
      );
      assert.equal(list.status, 403);
      assert.deepEqual(ids((await server.api('GET', `/organizations/${orgId}/members`)).body), [user]);
    });

    it('isMember and add are usable from the domain for sign-in', async () => {
      const user = await createUser(server);
      const orgId = await createOrganization(server);
      const { memberships } = server.app.services;
      assert.equal(await memberships.isMember(orgId, user), false);
      await memberships.add(SYSTEM_ACTOR, orgId, [user]);
      assert.equal(await memberships.isMember(orgId, user), true);
    });
  });
}
