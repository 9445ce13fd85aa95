// Entra ID's SCIM client, replayed as it sends its requests: capitalised ops, booleans as strings,
// filtered and extension paths, a `Replace` whose value keys are dotted paths, groups looked up with
// excludedAttributes=members, members removed by a value list, an empty Operations array, and a
// DELETE at the end of the soft-delete period.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { ENTERPRISE_SCHEMA, eventsOf, GROUP_SCHEMA, PATCH_SCHEMA, scimSetup, type ScimSetup, USER_SCHEMA } from './scim.fixtures.js';

const q = (filter: string) => encodeURIComponent(filter);

for (const dialect of DIALECTS) {
  describe(`SCIM: Entra ID's request sequence [${dialect}]`, () => {
    let server: TestServer;
    let setup: ScimSetup;
    let scimId: string;
    let otherId: string;
    let groupId: string;
    let userId: string;
    let adminRole: string;
    before(async () => {
      server = await startServer(dialect);
      setup = await scimSetup(server, 'entra-co');
      adminRole = (await server.api('POST', '/roles', { name: 'entra-admin' })).body.id;
      await server.api('PUT', `/organizations/${setup.organizationId}/enabled_connections/${setup.connectionId}/group_role_mappings`, {
        mappings: [{ group: 'IT Admins', role_id: adminRole }],
      });
    });
    after(() => server.close());

    const user = () => server.api('GET', `/users/${encodeURIComponent(userId)}`);
    const memberRoles = async () =>
      (await server.api('GET', `/organizations/${setup.organizationId}/members/${encodeURIComponent(userId)}/roles`)).body.map(
        (r: { id: string }) => r.id,
      );

    it('1. probes with a random userName filter, then creates the user with the enterprise extension', async () => {
      const probe = await setup.scim('GET', `/Users?filter=${q('userName eq "7c3c5c4e-probe"')}`);
      assert.equal(probe.status, 200);
      assert.equal(probe.body.totalResults, 0);
      const res = await setup.scim('POST', '/Users', {
        schemas: [USER_SCHEMA, ENTERPRISE_SCHEMA],
        externalId: 'grace',
        userName: 'grace@entra-co.example',
        active: true,
        displayName: 'Grace Hopper',
        emails: [{ primary: true, type: 'work', value: 'grace@entra-co.example' }],
        meta: { resourceType: 'User' },
        name: { formatted: 'Grace Hopper', familyName: 'Hopper', givenName: 'Grace' },
        roles: [],
        [ENTERPRISE_SCHEMA]: { employeeNumber: '1906', department: 'Navy' },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.deepEqual(res.body.schemas, [USER_SCHEMA, ENTERPRISE_SCHEMA]);
      scimId = res.body.id;
      userId = (
        await server.database.db.kysely.selectFrom('scim_users').select('user_id').where('id', '=', scimId).executeTakeFirstOrThrow()
      ).user_id;
      const stored = (await user()).body;
      assert.equal(stored.app_metadata.employee_id, '1906');
      assert.equal(stored.app_metadata.department, 'Navy');
      const other = await setup.scim('POST', '/Users', {
        schemas: [USER_SCHEMA],
        userName: 'alan@entra-co.example',
        active: true,
        emails: [{ primary: true, type: 'work', value: 'alan@entra-co.example' }],
      });
      assert.equal(other.status, 201);
      otherId = other.body.id;
    });

    it('2. updates with capitalised ops, a filtered email path and an extension path', async () => {
      const res = await setup.scim('PATCH', `/Users/${scimId}`, {
        schemas: [PATCH_SCHEMA],
        Operations: [
          { op: 'Replace', path: 'emails[type eq "work"].value', value: 'grace.hopper@entra-co.example' },
          { op: 'Add', path: `${ENTERPRISE_SCHEMA}:employeeNumber`, value: '1907' },
          { op: 'Replace', path: 'displayName', value: 'Rear Admiral Hopper' },
        ],
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const stored = (await user()).body;
      assert.equal(stored.email, 'grace.hopper@entra-co.example');
      assert.equal(stored.app_metadata.employee_id, '1907');
      assert.equal(stored.name, 'Rear Admiral Hopper');
    });

    it('3. applies a Replace whose value object has dotted-path keys', async () => {
      const res = await setup.scim('PATCH', `/Users/${scimId}`, {
        schemas: [PATCH_SCHEMA],
        Operations: [
          {
            op: 'Replace',
            value: { 'name.givenName': 'Amazing Grace', 'name.familyName': 'Hopper', [`${ENTERPRISE_SCHEMA}:department`]: 'Computing' },
          },
        ],
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const stored = (await user()).body;
      assert.equal(stored.given_name, 'Amazing Grace');
      assert.equal(stored.app_metadata.department, 'Computing');
    });

    it('4. accepts an empty Operations array and changes nothing but the timestamp', async () => {
      const before = (await setup.scim('GET', `/Users/${scimId}`)).body;
      const res = await setup.scim('PATCH', `/Users/${scimId}`, { schemas: [PATCH_SCHEMA], Operations: [] });
      assert.equal(res.status, 200);
      const { meta: _a, ...was } = before;
      const { meta: _b, ...now } = res.body;
      assert.deepEqual(now, was);
    });

    it('5. looks the group up with excludedAttributes=members, creates it and adds members: 204 and the mapped role', async () => {
      const lookup = await setup.scim('GET', `/Groups?excludedAttributes=members&filter=${q('displayName eq "IT Admins"')}`);
      assert.equal(lookup.status, 200);
      assert.equal(lookup.body.totalResults, 0);
      const created = await setup.scim('POST', '/Groups', {
        schemas: [GROUP_SCHEMA],
        externalId: 'grp-1',
        displayName: 'IT Admins',
        members: [],
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      groupId = created.body.id;
      const add = await setup.scim('PATCH', `/Groups/${groupId}`, {
        schemas: [PATCH_SCHEMA],
        Operations: [{ op: 'Add', path: 'members', value: [{ value: scimId }, { value: otherId }] }],
      });
      assert.equal(add.status, 204, JSON.stringify(add.body));
      assert.equal(add.headers.get('content-length') ?? '0', '0');
      assert.deepEqual(await memberRoles(), [adminRole]);
      const found = await setup.scim('GET', `/Groups?excludedAttributes=members&filter=${q('displayName eq "it admins"')}`);
      assert.equal(found.body.totalResults, 1);
      assert.equal(found.body.Resources[0].id, groupId);
      assert.equal(found.body.Resources[0].members, undefined, 'members excluded');
      assert.equal((await setup.scim('GET', `/Groups/${groupId}`)).body.members.length, 2);
    });

    it('6. removes members with a Remove on "members" carrying a value list', async () => {
      const res = await setup.scim('PATCH', `/Groups/${groupId}`, {
        schemas: [PATCH_SCHEMA],
        Operations: [{ op: 'Remove', path: 'members', value: [{ value: scimId }] }],
      });
      assert.equal(res.status, 204, JSON.stringify(res.body));
      const members = (await setup.scim('GET', `/Groups/${groupId}`)).body.members.map((m: { value: string }) => m.value);
      assert.deepEqual(members, [otherId]);
      assert.deepEqual(await memberRoles(), []);
    });

    it('7. disables with a Replace of active to the string "False"', async () => {
      const res = await setup.scim('PATCH', `/Users/${scimId}`, {
        schemas: [PATCH_SCHEMA],
        Operations: [{ op: 'Replace', path: 'active', value: 'False' }],
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.active, false, 'stored as a boolean');
      assert.equal((await user()).body.blocked, true);
    });

    it('8. deletes the user: the user, its identity, membership and group membership are gone', async () => {
      await setup.scim('PATCH', `/Groups/${groupId}`, {
        schemas: [PATCH_SCHEMA],
        Operations: [{ op: 'Add', path: 'members', value: [{ value: scimId }] }],
      });
      const res = await setup.scim('DELETE', `/Users/${scimId}`);
      assert.equal(res.status, 204);
      assert.equal((await user()).status, 404);
      assert.equal((await setup.scim('GET', `/Users/${scimId}`)).status, 404);
      const members = (await setup.scim('GET', `/Groups/${groupId}`)).body.members.map((m: { value: string }) => m.value);
      assert.deepEqual(members, [otherId]);
      const orgMembers = (await server.api('GET', `/organizations/${setup.organizationId}/members`)).body.map(
        (m: { user_id: string }) => m.user_id,
      );
      assert.ok(!orgMembers.includes(userId));
      const last = (await eventsOf(server, { userId })).at(-1)!;
      assert.deepEqual([last.type, last.action, last.actor_type], ['sapi', 'du', 'scim']);
    });
  });
}
