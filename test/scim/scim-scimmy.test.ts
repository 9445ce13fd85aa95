// SCIMMY (a maintained SCIM 2.0 library nobody here wrote) as the client: it builds the requests —
// resources through its RFC 7643 schema classes, PATCH bodies through its PatchOp message — and
// every response body must pass its schema definitions' outbound coercion, which throws on a
// missing required attribute or a value of the wrong type.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import SCIMMY from 'scimmy';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { scimSetup, type ScimSetup } from './scim.fixtures.js';

const { PatchOp, ListResponse } = SCIMMY.Messages;

/** A PatchOp message as SCIMMY builds and validates it. */
const patch = (Operations: SCIMMY.Messages.PatchOp.PatchOpOperation[]) =>
  JSON.parse(JSON.stringify(new PatchOp({ schemas: [PatchOp.id], Operations })));

/** A resource request body from SCIMMY's schema class (inbound coercion), without the meta it adds. */
function requestBody(schema: typeof SCIMMY.Schemas.User | typeof SCIMMY.Schemas.Group, data: Record<string, unknown>) {
  const { meta: _meta, ...body } = JSON.parse(JSON.stringify(new schema(data, 'in')));
  return body;
}

const validUser = (body: unknown) => SCIMMY.Schemas.User.definition.coerce(body, 'out');
const validGroup = (body: unknown) => SCIMMY.Schemas.Group.definition.coerce(body, 'out');

for (const dialect of DIALECTS) {
  describe(`SCIM driven by SCIMMY [${dialect}]`, () => {
    let server: TestServer;
    let setup: ScimSetup;
    let userId: string;
    before(async () => {
      server = await startServer(dialect);
      setup = await scimSetup(server, 'scimmy-co');
    });
    after(() => server.close());

    it('creates a user from a SCIMMY User and answers with a valid User', async () => {
      const body = requestBody(SCIMMY.Schemas.User, {
        userName: 'linus@scimmy-co.example',
        name: { givenName: 'Linus', familyName: 'Torvalds' },
        emails: [{ value: 'linus@scimmy-co.example', primary: true, type: 'work' }],
        active: true,
      });
      const res = await setup.scim('POST', '/Users', body);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const user = validUser(res.body);
      assert.equal(user.userName, 'linus@scimmy-co.example');
      assert.equal(user.name.givenName, 'Linus');
      userId = res.body.id;
    });

    it('filters by userName into a valid ListResponse of valid Users', async () => {
      const res = await setup.scim('GET', `/Users?filter=${encodeURIComponent('userName eq "LINUS@scimmy-co.example"')}`);
      assert.equal(res.status, 200);
      const list = new ListResponse(res.body);
      assert.equal(list.totalResults, 1);
      const [found] = list.Resources.map(validUser);
      assert.equal(found.id, userId);
    });

    it('patches with a SCIMMY PatchOp and answers with a valid User', async () => {
      const res = await setup.scim(
        'PATCH',
        `/Users/${userId}`,
        patch([{ op: 'replace', path: 'name.familyName', value: 'Benedict Torvalds' }]),
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(validUser(res.body).name.familyName, 'Benedict Torvalds');
      const stored = await server.database.db.kysely
        .selectFrom('users')
        .select('family_name')
        .where('email', '=', 'linus@scimmy-co.example')
        .executeTakeFirstOrThrow();
      assert.equal(stored.family_name, 'Benedict Torvalds');
    });

    it('deactivates with a SCIMMY PatchOp: a valid User with active false', async () => {
      const res = await setup.scim('PATCH', `/Users/${userId}`, patch([{ op: 'replace', path: 'active', value: false }]));
      assert.equal(res.status, 200);
      assert.equal(validUser(res.body).active, false);
      const got = await setup.scim('GET', `/Users/${userId}`);
      assert.equal(validUser(got.body).active, false);
    });

    it('creates a group, adds and removes the member with PatchOps, every Group valid', async () => {
      const created = await setup.scim('POST', '/Groups', requestBody(SCIMMY.Schemas.Group, { displayName: 'Kernel' }));
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const groupId = validGroup(created.body).id;
      const add = await setup.scim('PATCH', `/Groups/${groupId}`, patch([{ op: 'add', path: 'members', value: [{ value: userId }] }]));
      assert.equal(add.status, 204);
      const withMember = validGroup((await setup.scim('GET', `/Groups/${groupId}`)).body);
      assert.deepEqual(
        withMember.members.map((m: { value: string }) => m.value),
        [userId],
      );
      const remove = await setup.scim('PATCH', `/Groups/${groupId}`, patch([{ op: 'remove', path: `members[value eq "${userId}"]` }]));
      assert.equal(remove.status, 204);
      const list = new ListResponse((await setup.scim('GET', `/Groups?filter=${encodeURIComponent('displayName eq "Kernel"')}`)).body);
      const [group] = list.Resources.map(validGroup);
      assert.deepEqual(group.members ?? [], []);
    });
  });
}
