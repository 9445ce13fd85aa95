import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';

// Both URL variants share one service; each behaviour runs on both.
const VARIANTS = [
  { segment: 'enabled_connections', listKey: 'enabled_connections' },
  { segment: 'connections', listKey: 'connections' },
] as const;

for (const dialect of DIALECTS) {
  for (const { segment, listKey } of VARIANTS) {
    describe(`organization ${segment} API [${dialect}]`, () => {
      let server: TestServer;
      let orgId: string;
      let counter = 0;
      before(async () => {
        server = await startServer(dialect);
        orgId = (await server.api('POST', '/organizations', { name: 'acme' })).body.id;
      });
      after(async () => {
        await server.close();
      });

      const base = (org = orgId) => `/organizations/${org}/${segment}`;
      async function connection(strategy: string, extra: Record<string, unknown> = {}): Promise<string> {
        counter += 1;
        const res = await server.api('POST', '/connections', { name: `con-${strategy}-${counter}`, strategy, ...extra });
        assert.equal(res.status, 201, JSON.stringify(res.body));
        return res.body.id;
      }
      async function organization(): Promise<string> {
        counter += 1;
        return (await server.api('POST', '/organizations', { name: `org-${counter}` })).body.id;
      }

      it('enables an enterprise connection with 201 and the defaults', async () => {
        const id = await connection('samlp');
        const res = await server.api('POST', base(), { connection_id: id });
        assert.equal(res.status, 201);
        assert.deepEqual(res.body, {
          connection_id: id,
          assign_membership_on_login: false,
          is_signup_enabled: false,
          show_as_button: true,
          is_enabled: true,
          organization_access_level: 'none',
          connection: { name: `con-samlp-${counter}`, strategy: 'samlp' },
        });
      });

      it('omits show_as_button for a database connection and stores every given property', async () => {
        const id = await connection('auth0');
        const res = await server.api('POST', base(), {
          connection_id: id,
          assign_membership_on_login: true,
          is_signup_enabled: true,
          is_enabled: false,
          organization_access_level: 'readonly',
          organization_connection_name: 'Acme staff',
        });
        assert.equal(res.status, 201);
        assert.equal('show_as_button' in res.body, false);
        const got = await server.api('GET', `${base()}/${id}`);
        assert.equal(got.status, 200);
        assert.deepEqual(got.body, res.body);
        assert.equal(got.body.is_signup_enabled, true);
        assert.equal(got.body.is_enabled, false);
        assert.equal(got.body.organization_access_level, 'readonly');
        assert.equal(got.body.organization_connection_name, 'Acme staff');
      });

      it('lists as an array, and with include_totals under its own key', async () => {
        const org = await organization();
        const ids = [await connection('github'), await connection('oidc'), await connection('auth0')];
        for (const id of ids) await server.api('POST', base(org), { connection_id: id });
        const plain = await server.api('GET', base(org));
        assert.equal(plain.status, 200);
        assert.deepEqual(plain.body.map((c: { connection_id: string }) => c.connection_id).sort(), [...ids].sort());
        const paged = await server.api('GET', `${base(org)}?include_totals=true&per_page=2&page=1`);
        assert.equal(paged.body[listKey].length, 1);
        assert.equal(paged.body.start, 2);
        assert.equal(paged.body.limit, 2);
        assert.equal(paged.body.total, 3);
      });

      it('filters the list by is_enabled', async () => {
        const org = await organization();
        const on = await connection('github');
        const off = await connection('github');
        await server.api('POST', base(org), { connection_id: on });
        await server.api('POST', base(org), { connection_id: off, is_enabled: false });
        const res = await server.api('GET', `${base(org)}?is_enabled=false`);
        assert.deepEqual(
          res.body.map((c: { connection_id: string }) => c.connection_id),
          [off],
        );
      });

      it('updates properties with PATCH and clears the name with null', async () => {
        const id = await connection('oidc');
        await server.api('POST', base(), { connection_id: id, organization_connection_name: 'Old' });
        const res = await server.api('PATCH', `${base()}/${id}`, {
          assign_membership_on_login: true,
          show_as_button: false,
          is_enabled: false,
          organization_access_level: 'full',
          organization_connection_name: null,
        });
        assert.equal(res.status, 200);
        assert.equal(res.body.assign_membership_on_login, true);
        assert.equal(res.body.show_as_button, false);
        assert.equal(res.body.is_enabled, false);
        assert.equal(res.body.organization_access_level, 'full');
        assert.equal('organization_connection_name' in res.body, false);
        assert.deepEqual((await server.api('GET', `${base()}/${id}`)).body, res.body);
      });

      it('disables with DELETE 204, then 404s inexistent_connection', async () => {
        const id = await connection('github');
        await server.api('POST', base(), { connection_id: id });
        const res = await server.api('DELETE', `${base()}/${id}`);
        assert.equal(res.status, 204);
        const again = await server.api('GET', `${base()}/${id}`);
        assert.equal(again.status, 404);
        assert.equal(again.body.errorCode, 'inexistent_connection');
        assert.equal((await server.api('DELETE', `${base()}/${id}`)).status, 404);
        assert.equal((await server.api('GET', `/connections/${id}`)).status, 200);
      });

      it('drops the link when the connection is deleted', async () => {
        const org = await organization();
        const id = await connection('github');
        await server.api('POST', base(org), { connection_id: id });
        await server.api('DELETE', `/connections/${id}`);
        assert.deepEqual((await server.api('GET', base(org))).body, []);
      });

      it('returns 404 inexistent_organization for an unknown organization on every route', async () => {
        const id = await connection('github');
        const missing = base('org_0000000000000000');
        for (const [method, path, body] of [
          ['GET', missing, undefined],
          ['POST', missing, { connection_id: id }],
          ['GET', `${missing}/${id}`, undefined],
          ['PATCH', `${missing}/${id}`, { is_enabled: false }],
          ['DELETE', `${missing}/${id}`, undefined],
        ] as const) {
          const res = await server.api(method, path, body);
          assert.equal(res.status, 404, `${method} ${path}`);
          assert.equal(res.body.errorCode, 'inexistent_organization');
        }
      });

      it('returns 404 inexistent_connection when enabling an unknown connection', async () => {
        const res = await server.api('POST', base(), { connection_id: 'con_0000000000000000' });
        assert.equal(res.status, 404);
        assert.equal(res.body.errorCode, 'inexistent_connection');
        assert.equal(res.body.message, 'No connection found by that id');
      });

      it('returns 409 organization_connection_conflict for an already-enabled connection and keeps the first settings', async () => {
        const id = await connection('samlp');
        const first = await server.api('POST', base(), { connection_id: id, organization_connection_name: 'First' });
        const second = await server.api('POST', base(), { connection_id: id, organization_connection_name: 'Second' });
        assert.equal(second.status, 409);
        assert.equal(second.body.errorCode, 'organization_connection_conflict');
        assert.deepEqual((await server.api('GET', `${base()}/${id}`)).body, first.body);
      });

      it('rejects unknown fields, wrong types, an unknown access level and an over-long name', async () => {
        const id = await connection('github');
        const unknown = await server.api('POST', base(), { connection_id: id, foo: true });
        assert.equal(unknown.status, 400);
        assert.equal(unknown.body.message, "Payload validation error: 'Additional properties not allowed: foo' on property foo.");
        const type = await server.api('POST', base(), { connection_id: id, assign_membership_on_login: 'true' });
        assert.equal(
          type.body.message,
          "Payload validation error: 'Expected type boolean but found type string' on property assign_membership_on_login.",
        );
        const level = await server.api('POST', base(), { connection_id: id, organization_access_level: 'admin' });
        assert.equal(level.body.message, `Payload validation error: 'No enum match for: "admin"' on property organization_access_level.`);
        const long = await server.api('POST', base(), { connection_id: id, organization_connection_name: 'x'.repeat(129) });
        assert.equal(
          long.body.message,
          "Payload validation error: 'String is too long (129 chars), maximum 128' on property organization_connection_name.",
        );
        const missing = await server.api('POST', base(), {});
        assert.equal(
          missing.body.message,
          "Payload validation error: 'Missing required property: connection_id' on property connection_id.",
        );
        assert.equal((await server.api('GET', `${base()}/${id}`)).status, 404);
      });

      it('refuses is_signup_enabled on an enterprise connection with 400 naming it, enabling nothing', async () => {
        const id = await connection('oidc');
        const res = await server.api('POST', base(), { connection_id: id, assign_membership_on_login: true, is_signup_enabled: true });
        assert.equal(res.status, 400);
        assert.equal(res.body.errorCode, 'invalid_body');
        assert.equal(
          res.body.message,
          "Payload validation error: 'is_signup_enabled is only allowed for database connections' on property is_signup_enabled.",
        );
        assert.equal((await server.api('GET', `${base()}/${id}`)).status, 404);
      });

      it('refuses is_signup_enabled without assign_membership_on_login', async () => {
        const id = await connection('auth0');
        const res = await server.api('POST', base(), { connection_id: id, is_signup_enabled: true });
        assert.equal(res.status, 400);
        assert.equal(
          res.body.message,
          "Payload validation error: 'is_signup_enabled requires assign_membership_on_login to be true' on property is_signup_enabled.",
        );
      });

      it('refuses show_as_button on a database connection with 400 naming it', async () => {
        const id = await connection('auth0');
        const res = await server.api('POST', base(), { connection_id: id, show_as_button: true });
        assert.equal(res.status, 400);
        assert.equal(res.body.errorCode, 'invalid_body');
        assert.equal(
          res.body.message,
          "Payload validation error: 'show_as_button is only allowed for enterprise connections (samlp, oidc, okta, waad)' on property show_as_button.",
        );
        assert.equal((await server.api('GET', `${base()}/${id}`)).status, 404);
      });

      it('re-checks the rules on PATCH against the merged state and leaves the row unchanged', async () => {
        const id = await connection('auth0');
        const created = await server.api('POST', base(), { connection_id: id, assign_membership_on_login: true, is_signup_enabled: true });
        const unassign = await server.api('PATCH', `${base()}/${id}`, {
          assign_membership_on_login: false,
          organization_access_level: 'full',
        });
        assert.equal(unassign.status, 400);
        assert.equal(
          unassign.body.message,
          "Payload validation error: 'is_signup_enabled requires assign_membership_on_login to be true' on property is_signup_enabled.",
        );
        const button = await server.api('PATCH', `${base()}/${id}`, { show_as_button: false, is_enabled: false });
        assert.equal(button.status, 400);
        assert.match(button.body.message, /on property show_as_button\.$/);
        assert.deepEqual((await server.api('GET', `${base()}/${id}`)).body, created.body);
        const both = await server.api('PATCH', `${base()}/${id}`, { assign_membership_on_login: false, is_signup_enabled: false });
        assert.equal(both.status, 200);
      });

      it('refuses is_signup_enabled on an enterprise connection on PATCH', async () => {
        const id = await connection('waad');
        const created = await server.api('POST', base(), { connection_id: id, assign_membership_on_login: true });
        const res = await server.api('PATCH', `${base()}/${id}`, { is_signup_enabled: true });
        assert.equal(res.status, 400);
        assert.match(res.body.message, /on property is_signup_enabled\.$/);
        assert.deepEqual((await server.api('GET', `${base()}/${id}`)).body, created.body);
      });

      it('refuses a connection owned by another organization, and allows it in its own', async () => {
        const owner = await organization();
        const id = await connection('samlp', { organization_id: owner });
        const res = await server.api('POST', base(), { connection_id: id });
        assert.equal(res.status, 400);
        assert.equal(res.body.errorCode, 'connection_owned_by_other_organization');
        assert.equal((await server.api('GET', `${base()}/${id}`)).status, 404);
        const own = await server.api('POST', base(owner), { connection_id: id });
        assert.equal(own.status, 201);
      });

      it("does not show one organization's link in another organization", async () => {
        const org = await organization();
        const other = await organization();
        const id = await connection('github');
        await server.api('POST', base(org), { connection_id: id });
        assert.equal((await server.api('GET', `${base(other)}/${id}`)).status, 404);
        assert.equal((await server.api('PATCH', `${base(other)}/${id}`, { is_enabled: false })).status, 404);
        assert.equal((await server.api('DELETE', `${base(other)}/${id}`)).status, 404);
        assert.equal((await server.api('GET', `${base(org)}/${id}`)).body.is_enabled, true);
      });

      it('refuses the 11th connection with 400 too_many_entities naming the limit', async () => {
        const org = await organization();
        for (let i = 0; i < 10; i += 1) {
          const res = await server.api('POST', base(org), { connection_id: await connection('github') });
          assert.equal(res.status, 201);
        }
        const eleventh = await connection('github');
        const res = await server.api('POST', base(org), { connection_id: eleventh });
        assert.equal(res.status, 400);
        assert.equal(res.body.errorCode, 'too_many_entities');
        assert.equal(res.body.message, 'An organization can have at most 10 enabled connections.');
        assert.equal((await server.api('GET', `${base(org)}?include_totals=true`)).body.total, 10);
        assert.equal((await server.api('GET', `${base(org)}/${eleventh}`)).status, 404);
      });

      it('refuses each route without its scope with 403 insufficient_scope', async () => {
        const id = await connection('github');
        const created = await server.api('POST', base(), { connection_id: id });
        const other = await connection('github');
        const token = await server.token(['read:connections', 'read:organizations']);
        for (const [method, path, body, scope] of [
          ['GET', base(), undefined, 'read:organization_connections'],
          ['POST', base(), { connection_id: other }, 'create:organization_connections'],
          ['GET', `${base()}/${id}`, undefined, 'read:organization_connections'],
          ['PATCH', `${base()}/${id}`, { is_enabled: false }, 'update:organization_connections'],
          ['DELETE', `${base()}/${id}`, undefined, 'delete:organization_connections'],
        ] as const) {
          const res = await server.api(method, path, body, token);
          assert.equal(res.status, 403, `${method} ${path}`);
          assert.equal(res.body.errorCode, 'insufficient_scope');
          assert.equal(res.body.message, `Insufficient scope; expected any of: ${scope}.`);
        }
        assert.deepEqual((await server.api('GET', `${base()}/${id}`)).body, created.body);
        assert.equal((await server.api('GET', `${base()}/${other}`)).status, 404);
      });
    });
  }
}
