import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { only, recording } from '../events/events.fixtures.js';
import { MY_ORG_SCOPES, assertProblem, myOrg, myOrgApp, myOrgRole, organizationWith, tokenFor } from './my-org.fixtures.js';

const MEMBER_SCOPES = [
  'read:my_org:members',
  'delete:my_org:memberships',
  'read:my_org:member_roles',
  'create:my_org:member_roles',
  'delete:my_org:member_roles',
];

for (const dialect of DIALECTS) {
  describe(`My Organization API members and their roles [${dialect}]`, () => {
    let server: TestServer;
    let app: Awaited<ReturnType<typeof myOrgApp>>;
    let admin: { id: string };
    let reader: { id: string };
    let plain: { id: string };
    let a: Awaited<ReturnType<typeof organizationWith>>;
    let b: Awaited<ReturnType<typeof organizationWith>>;
    let tokenA: string;
    const enc = encodeURIComponent;

    before(async () => {
      server = await startServer(dialect);
      admin = await myOrgRole(server, 'mem-admin', MY_ORG_SCOPES);
      reader = await myOrgRole(server, 'mem-reader', ['read:my_org:members']);
      plain = await myOrgRole(server, 'mem-plain', []);
      a = await organizationWith(server, 'mem-a', { admin: [admin.id], ann: [plain.id], bob: [], cy: [], dee: [] });
      b = await organizationWith(server, 'mem-b', { admin: [admin.id], eve: [] });
      app = await myOrgApp(server);
      tokenA = await tokenFor(server, app, a.org.id, 'admin@mem-a.example');
    });
    after(async () => {
      await server.close();
    });

    it('GET /members pages with from/take and lists profiles with their roles', async () => {
      const seen: any[] = [];
      let next: string | undefined;
      do {
        const res = await myOrg(server, tokenA, 'GET', `/members?take=2${next ? `&from=${enc(next)}` : ''}`);
        assert.equal(res.status, 200, JSON.stringify(res.body));
        assert.ok(res.body.members.length <= 2);
        seen.push(...res.body.members);
        next = res.body.next;
      } while (next);
      const ids = Object.values(a.users)
        .map((u) => u.user_id)
        .sort();
      assert.deepEqual(
        seen.map((m) => m.user_id),
        ids,
      );
      const ann = seen.find((m) => m.user_id === a.users.ann.user_id);
      assert.equal(ann.email, 'ann@mem-a.example');
      assert.equal(ann.name, 'ann of mem-a');
      assert.equal(typeof ann.created_at, 'string');
      assert.deepEqual(ann.roles, [{ id: plain.id, name: 'mem-plain' }]);
    });

    it('GET /members leaves roles out for a token without read:my_org:member_roles', async () => {
      const token = await tokenFor(server, app, a.org.id, 'admin@mem-a.example', 'openid read:my_org:members');
      const res = await myOrg(server, token, 'GET', '/members');
      assert.equal(res.status, 200);
      assert.ok(res.body.members.length > 0);
      assert.ok(res.body.members.every((m: object) => !('roles' in m)));
    });

    it('GET /members/{user_id} returns one member; a user of another organization is 404', async () => {
      const res = await myOrg(server, tokenA, 'GET', `/members/${enc(a.users.bob.user_id)}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.email, 'bob@mem-a.example');
      assertProblem(await myOrg(server, tokenA, 'GET', `/members/${enc(b.users.eve.user_id)}`), 404, 'inexistent_member');
      assertProblem(await myOrg(server, tokenA, 'GET', `/members/${enc('auth0|guessed')}`), 404, 'inexistent_member');
    });

    it('GET /roles lists the roles to give, with a name filter', async () => {
      const res = await myOrg(server, tokenA, 'GET', '/roles?name=MEM-');
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.body.roles.map((r: { name: string }) => r.name).sort(), ['mem-admin', 'mem-plain', 'mem-reader']);
      const paged = await myOrg(server, tokenA, 'GET', '/roles?name=mem-&take=1');
      assert.equal(paged.body.roles.length, 1);
      assert.equal(typeof paged.body.next, 'string');
    });

    it('assigns, lists and removes a member’s roles (DELETE and POST unassign-roles), recorded as the person', async () => {
      const path = `/members/${enc(a.users.bob.user_id)}/roles`;
      const { result: assigned, events } = await recording(server, () =>
        myOrg(server, tokenA, 'POST', path, { role_ids: [reader.id, plain.id] }),
      );
      assert.equal(assigned.status, 204, JSON.stringify(assigned.body));
      const event = only(events, 'organization_member_roles_assigned');
      assert.equal(event.type, 'sapi');
      assert.equal(event.actor_id, a.users.admin.user_id);
      assert.equal(event.organization_id, a.org.id);
      assert.equal(event.parsed.actor.api, 'my_org');

      const listed = await myOrg(server, tokenA, 'GET', path);
      assert.equal(listed.status, 200);
      assert.deepEqual(listed.body.roles.map((r: { id: string }) => r.id).sort(), [reader.id, plain.id].sort());

      assert.equal((await myOrg(server, tokenA, 'DELETE', path, { role_ids: [reader.id] })).status, 204);
      assert.equal(
        (await myOrg(server, tokenA, 'POST', `/members/${enc(a.users.bob.user_id)}/unassign-roles`, { role_ids: [plain.id] })).status,
        204,
      );
      assert.deepEqual((await myOrg(server, tokenA, 'GET', path)).body.roles, []);
    });

    it('refuses bad role input with 400 naming role_ids', async () => {
      const path = `/members/${enc(a.users.bob.user_id)}/roles`;
      const empty = assertProblem(await myOrg(server, tokenA, 'POST', path, { role_ids: [] }), 400, 'invalid_body');
      assert.equal(empty.validation_errors[0].field, 'role_ids');
      const unknown = assertProblem(await myOrg(server, tokenA, 'POST', path, { role_ids: ['rol_doesnotexist'] }), 400, 'invalid_body');
      assert.equal(unknown.validation_errors[0].field, 'role_ids');
    });

    it('cannot reach another organization’s members by guessing ids: 404 and nothing changes', async () => {
      const eve = enc(b.users.eve.user_id);
      assertProblem(await myOrg(server, tokenA, 'GET', `/members/${eve}/roles`), 404, 'inexistent_member');
      assertProblem(await myOrg(server, tokenA, 'POST', `/members/${eve}/roles`, { role_ids: [plain.id] }), 404, 'inexistent_member');
      assertProblem(
        await myOrg(server, tokenA, 'POST', '/delete-memberships', { members: [b.users.eve.user_id] }),
        404,
        'inexistent_member',
      );
      const members = (await server.api('GET', `/organizations/${b.org.id}/members`)).body;
      assert.ok(
        members.some((m: { user_id: string }) => m.user_id === b.users.eve.user_id),
        'eve is still a member of B',
      );
    });

    it('POST /delete-memberships removes members, recorded as the person', async () => {
      const { result: res, events } = await recording(server, () =>
        myOrg(server, tokenA, 'POST', '/delete-memberships', { members: [a.users.cy.user_id] }),
      );
      assert.equal(res.status, 204, JSON.stringify(res.body));
      const event = only(events, 'organization_member_removed');
      assert.equal(event.actor_type, 'user');
      assert.equal(event.actor_id, a.users.admin.user_id);
      assert.equal(event.parsed.actor.api, 'my_org');
      assertProblem(await myOrg(server, tokenA, 'GET', `/members/${enc(a.users.cy.user_id)}`), 404, 'inexistent_member');
      // The user account stays.
      assert.equal((await server.api('GET', `/users/${enc(a.users.cy.user_id)}`)).status, 200);
    });

    it('refuses a member without the scope with 403 problem+json', async () => {
      const role = await myOrgRole(server, 'mem-only-read', ['read:my_org:members']);
      await server.api('POST', `/organizations/${a.org.id}/members/${enc(a.users.dee.user_id)}/roles`, { roles: [role.id] });
      const token = await tokenFor(server, app, a.org.id, 'dee@mem-a.example');
      assert.equal((await myOrg(server, token, 'GET', '/members')).status, 200);
      assertProblem(
        await myOrg(server, token, 'POST', '/delete-memberships', { members: [a.users.bob.user_id] }),
        403,
        'insufficient_scope',
      );
      // The scope is checked before the body: no schema is taught to a caller without it.
      assertProblem(
        await myOrg(server, token, 'POST', `/members/${enc(a.users.bob.user_id)}/roles`, { nonsense: true }),
        403,
        'insufficient_scope',
      );
    });

    it('an administrator gives only the My Organization permissions they hold', async () => {
      const limited = await myOrgRole(server, 'mem-limited', MEMBER_SCOPES);
      const lim = await organizationWith(server, 'mem-lim', { boss: [admin.id], lim: [limited.id], joe: [] });
      const token = await tokenFor(server, app, lim.org.id, 'lim@mem-lim.example');
      const joe = `/members/${enc(lim.users.joe.user_id)}/roles`;
      const refused = assertProblem(await myOrg(server, token, 'POST', joe, { role_ids: [admin.id] }), 403, 'insufficient_scope');
      assert.match(refused.detail, /grants \S+:my_org:\S+, which the administrator assigning it does not hold/);
      assert.equal((await myOrg(server, token, 'POST', joe, { role_ids: [reader.id] })).status, 204, 'a lesser role is fine');
      // Nor can they raise themselves.
      assertProblem(
        await myOrg(server, token, 'POST', `/members/${enc(lim.users.lim.user_id)}/roles`, { role_ids: [admin.id] }),
        403,
        'insufficient_scope',
      );
    });

    it('the last administrator can neither leave nor drop their admin role; the tenant can', async () => {
      const solo = await organizationWith(server, 'mem-solo', { only: [admin.id], other: [] });
      const token = await tokenFor(server, app, solo.org.id, 'only@mem-solo.example');
      const me = solo.users.only.user_id;
      assertProblem(await myOrg(server, token, 'POST', '/delete-memberships', { members: [me] }), 400, 'last_organization_admin');
      assertProblem(
        await myOrg(server, token, 'DELETE', `/members/${enc(me)}/roles`, { role_ids: [admin.id] }),
        400,
        'last_organization_admin',
      );
      assert.equal((await myOrg(server, token, 'GET', `/members/${enc(me)}/roles`)).body.roles.length, 1, 'nothing changed');
      // With a second administrator, the first may go.
      assert.equal(
        (await myOrg(server, token, 'POST', `/members/${enc(solo.users.other.user_id)}/roles`, { role_ids: [admin.id] })).status,
        204,
      );
      assert.equal((await myOrg(server, token, 'POST', '/delete-memberships', { members: [me] })).status, 204);
      // The tenant's administrators are not bound by the rule.
      const del = await server.api('DELETE', `/organizations/${solo.org.id}/members`, { members: [solo.users.other.user_id] });
      assert.equal(del.status, 204, JSON.stringify(del.body));
    });

    it('refuses a bad checkpoint with 400 naming from', async () => {
      const res = assertProblem(await myOrg(server, tokenA, 'GET', '/members?from=not-a-checkpoint'), 400, 'invalid_query_string');
      assert.equal(res.validation_errors[0].field, 'from');
      assert.equal(res.validation_errors[0].source, 'query');
      const take = assertProblem(await myOrg(server, tokenA, 'GET', '/members?take=0'), 400, 'invalid_query_string');
      assert.equal(take.validation_errors[0].field, 'take');
    });
  });
}
