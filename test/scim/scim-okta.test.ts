// Okta's SCIM client, replayed request by request as Okta sends them (its "SCIM 2.0 provisioning"
// sequence): look-up by userName before creating, POST with a password and `groups: []`, PUT for
// profile updates, deactivation by a path-less PATCH, groups whose members are added and removed by
// PATCH. After each step the stored user, groups, membership, roles and events are checked.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { assertScimError, eventsOf, GROUP_SCHEMA, PATCH_SCHEMA, scimSetup, type ScimSetup, USER_SCHEMA } from './scim.fixtures.js';

const oktaUser = (userName: string, extra: Record<string, unknown> = {}) => ({
  schemas: [USER_SCHEMA],
  userName,
  name: { givenName: 'Ada', familyName: 'Lovelace' },
  emails: [{ primary: true, value: userName, type: 'work' }],
  displayName: 'Ada Lovelace',
  locale: 'en-US',
  externalId: '00u1abcd2EFGH3ijk4x7',
  groups: [],
  password: 'Okta-sends-1-password!',
  active: true,
  ...extra,
});

for (const dialect of DIALECTS) {
  describe(`SCIM: Okta's request sequence [${dialect}]`, () => {
    let server: TestServer;
    let setup: ScimSetup;
    let scimId: string;
    let userId: string;
    let roleId: string;
    before(async () => {
      server = await startServer(dialect);
      setup = await scimSetup(server, 'okta-co');
      const role = await server.api('POST', '/roles', { name: 'engineer' });
      roleId = role.body.id;
      const mapped = await server.api(
        'PUT',
        `/organizations/${setup.organizationId}/enabled_connections/${setup.connectionId}/group_role_mappings`,
        {
          mappings: [{ group: 'Engineering', role_id: roleId }],
        },
      );
      assert.equal(mapped.status, 200, JSON.stringify(mapped.body));
    });
    after(() => server.close());

    const user = () => server.api('GET', `/users/${encodeURIComponent(userId)}`);
    const roles = async () =>
      (await server.api('GET', `/organizations/${setup.organizationId}/members/${encodeURIComponent(userId)}/roles`)).body.map(
        (r: { id: string }) => r.id,
      );

    it('1. looks the user up by userName (startIndex=1&count=100) and finds nobody', async () => {
      const res = await setup.scim(
        'GET',
        `/Users?filter=${encodeURIComponent('userName eq "ada@okta-co.example"')}&startIndex=1&count=100`,
      );
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^application\/scim\+json/);
      assert.deepEqual(res.body, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
        totalResults: 0,
        startIndex: 1,
        itemsPerPage: 0,
        Resources: [],
      });
    });

    it('2. creates the user from a POST with a password and groups: [], pre-provisioned in the owning organization', async () => {
      const res = await setup.scim('POST', '/Users', oktaUser('ada@okta-co.example'));
      assert.equal(res.status, 201, JSON.stringify(res.body));
      scimId = res.body.id;
      assert.equal(res.headers.get('location'), `${setup.base}/Users/${scimId}`);
      assert.equal(res.body.userName, 'ada@okta-co.example');
      assert.equal(res.body.active, true);
      assert.equal(res.body.password, undefined, 'the password is never returned');
      assert.equal(res.body.meta.resourceType, 'User');
      const raw = await server.database.db.kysely
        .selectFrom('scim_users')
        .select(['user_id', 'resource'])
        .where('id', '=', scimId)
        .executeTakeFirstOrThrow();
      assert.doesNotMatch(raw.resource, /Okta-sends/, 'nor stored');
      userId = raw.user_id;
      assert.match(userId, /^samlp\|okta-co-saml\|[0-9a-f]{24}$/);
      const stored = (await user()).body;
      assert.equal(stored.email, 'ada@okta-co.example');
      assert.equal(stored.email_verified, true, 'the connection is entitled to its domain alias');
      assert.equal(stored.given_name, 'Ada');
      assert.equal(stored.family_name, 'Lovelace');
      assert.equal(stored.name, 'Ada Lovelace');
      assert.equal(stored.blocked, false);
      assert.equal(stored.app_metadata.external_id, '00u1abcd2EFGH3ijk4x7');
      assert.deepEqual(
        stored.identities.map((i: { connection: string; user_id: string }) => [i.connection, i.user_id]),
        [['okta-co-saml', 'ada@okta-co.example']],
      );
      const members = (await server.api('GET', `/organizations/${setup.organizationId}/members`)).body;
      assert.deepEqual(
        members.map((m: { user_id: string }) => m.user_id),
        [userId],
      );
      const events = await eventsOf(server, { userId });
      assert.deepEqual(
        events.map((e) => [e.type, e.action, e.actor_type]),
        [
          ['sapi', 'user_created', 'scim'],
          ['sapi', 'organization_member_added', 'scim'],
        ],
      );
      assert.equal(events[0].details.actor.api, 'scim');
    });

    it('3. answers 409 uniqueness to a duplicate userName, whatever its case, and stores nothing', async () => {
      const before = await server.database.db.kysely
        .selectFrom('users')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      const res = await setup.scim('POST', '/Users', oktaUser('ADA@okta-co.example', { externalId: 'other' }));
      assertScimError(res, 409, 'uniqueness');
      const after = await server.database.db.kysely
        .selectFrom('users')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(after.n), Number(before.n));
    });

    it('4. finds the user by a userName filter of another case', async () => {
      const res = await setup.scim(
        'GET',
        `/Users?filter=${encodeURIComponent('userName eq "Ada@OKTA-co.example"')}&startIndex=1&count=100`,
      );
      assert.equal(res.status, 200);
      assert.equal(res.body.totalResults, 1);
      assert.equal(res.body.Resources[0].id, scimId);
      assert.equal(res.body.Resources[0].userName, 'ada@okta-co.example');
    });

    it('5. applies a PUT profile update to the user', async () => {
      const res = await setup.scim('PUT', `/Users/${scimId}`, {
        ...oktaUser('ada@okta-co.example'),
        id: scimId,
        name: { givenName: 'Augusta Ada', familyName: 'King' },
        displayName: 'Ada King',
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.name.givenName, 'Augusta Ada');
      const stored = (await user()).body;
      assert.equal(stored.given_name, 'Augusta Ada');
      assert.equal(stored.family_name, 'King');
      assert.equal(stored.name, 'Ada King');
      assert.equal((await eventsOf(server, { userId })).at(-1)?.action, 'user_updated');
    });

    it('6. creates a group and adds the user with PATCH path "members": the mapped role is assigned', async () => {
      const created = await setup.scim('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'Engineering', members: [] });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const groupId = created.body.id;
      const res = await setup.scim('PATCH', `/Groups/${groupId}`, {
        schemas: [PATCH_SCHEMA],
        Operations: [{ op: 'add', path: 'members', value: [{ value: scimId, display: 'ada@okta-co.example' }] }],
      });
      assert.equal(res.status, 204, JSON.stringify(res.body));
      const group = await setup.scim('GET', `/Groups/${groupId}`);
      assert.deepEqual(group.body.members, [{ value: scimId, display: 'ada@okta-co.example', $ref: `${setup.base}/Users/${scimId}` }]);
      assert.deepEqual(await roles(), [roleId]);
      const last = (await eventsOf(server, { userId })).at(-1)!;
      assert.equal(last.action, 'organization_member_roles_assigned');
      assert.deepEqual(last.details.roles, [roleId]);

      const removed = await setup.scim('PATCH', `/Groups/${groupId}`, {
        schemas: [PATCH_SCHEMA],
        Operations: [{ op: 'remove', path: `members[value eq "${scimId}"]` }],
      });
      assert.equal(removed.status, 204, JSON.stringify(removed.body));
      assert.deepEqual((await setup.scim('GET', `/Groups/${groupId}`)).body.members, []);
      assert.deepEqual(await roles(), [], 'the role follows the group');
      assert.equal((await eventsOf(server, { userId })).at(-1)?.action, 'organization_member_roles_removed');
    });

    it('7. deactivates with a PATCH replace of {active:false} without a path: the user is blocked', async () => {
      const res = await setup.scim('PATCH', `/Users/${scimId}`, {
        schemas: [PATCH_SCHEMA],
        Operations: [{ op: 'replace', value: { active: false } }],
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.active, false);
      assert.equal((await user()).body.blocked, true);
      assert.equal((await eventsOf(server, { userId })).at(-1)?.action, 'user_blocked');
      const found = await setup.scim(
        'GET',
        `/Users?filter=${encodeURIComponent('userName eq "ada@okta-co.example"')}&startIndex=1&count=100`,
      );
      assert.equal(found.body.Resources[0].active, false);
    });

    it('8. reactivates with the same PATCH and active:true', async () => {
      const res = await setup.scim('PATCH', `/Users/${scimId}`, {
        schemas: [PATCH_SCHEMA],
        Operations: [{ op: 'replace', value: { active: true } }],
      });
      assert.equal(res.status, 200);
      assert.equal((await user()).body.blocked, false);
      assert.equal((await eventsOf(server, { userId })).at(-1)?.action, 'user_unblocked');
    });
  });
}
