import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { only, recording } from '../events/events.fixtures.js';
import { assertProblem, myOrg, myOrgApp, myOrgRole, organizationWith, tokenFor } from './my-org.fixtures.js';

for (const dialect of DIALECTS) {
  describe(`My Organization API /details and /config [${dialect}]`, () => {
    let server: TestServer;
    let a: Awaited<ReturnType<typeof organizationWith>>;
    let b: Awaited<ReturnType<typeof organizationWith>>;
    let token: string;

    before(async () => {
      server = await startServer(dialect);
      const admin = await myOrgRole(server, 'det-admin', ['read:my_org:details', 'update:my_org:details', 'read:my_org:configuration']);
      a = await organizationWith(server, 'det-a', { admin: [admin.id] });
      b = await organizationWith(server, 'det-b', { admin: [admin.id] });
      const app = await myOrgApp(server);
      token = await tokenFor(server, app, a.org.id, 'admin@det-a.example');
    });
    after(async () => {
      await server.close();
    });

    it('GET /details returns the organization of the token', async () => {
      const res = await myOrg(server, token, 'GET', '/details');
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.body, { id: a.org.id, name: 'det-a', display_name: 'det-a Inc.' });
    });

    it('PATCH /details changes name, display name and branding, recorded with the person as actor', async () => {
      const branding = { logo_url: 'https://det-a.example/logo.png', colors: { primary: '#0a7d5a', page_background: '#ffffff' } };
      const { result: res, events } = await recording(server, () =>
        myOrg(server, token, 'PATCH', '/details', { name: 'det-a-renamed', display_name: 'Det A', branding }),
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.body, { id: a.org.id, name: 'det-a-renamed', display_name: 'Det A', branding });
      assert.equal((await server.api('GET', `/organizations/${a.org.id}`)).body.display_name, 'Det A');
      assert.equal((await server.api('GET', `/organizations/${b.org.id}`)).body.display_name, 'det-b Inc.', 'B is untouched');

      const event = only(events, 'organization_updated');
      assert.equal(event.type, 'sapi');
      assert.equal(event.actor_type, 'user');
      assert.equal(event.actor_id, a.users.admin.user_id);
      assert.equal(event.organization_id, a.org.id);
      assert.equal(event.parsed.actor.api, 'my_org');
      assert.equal(event.parsed.action, 'organization_updated');
      assert.equal(event.ip, '127.0.0.1');
    });

    it('refuses bad input with 400 naming the field', async () => {
      const bad = assertProblem(await myOrg(server, token, 'PATCH', '/details', { name: 'Not Valid!' }), 400, 'invalid_body');
      assert.equal(bad.validation_errors[0].field, 'name');
      assert.equal(bad.validation_errors[0].pointer, '/name');
      assert.equal(bad.validation_errors[0].source, 'body');
      assert.match(bad.validation_errors[0].detail, /does not match pattern/);

      const colors = assertProblem(
        await myOrg(server, token, 'PATCH', '/details', { branding: { colors: { primary: '#000000' } } }),
        400,
        'invalid_body',
      );
      assert.equal(colors.validation_errors[0].field, 'branding.colors.page_background');

      const extra = assertProblem(await myOrg(server, token, 'PATCH', '/details', { metadata: { plan: 'gold' } }), 400, 'invalid_body');
      assert.equal(extra.validation_errors[0].field, 'metadata');
    });

    it('refuses a name another organization holds with 409', async () => {
      assertProblem(await myOrg(server, token, 'PATCH', '/details', { name: 'det-b' }), 409, 'organization_conflict');
    });

    it('GET /config lists the strategies an administrator may set up', async () => {
      const res = await myOrg(server, token, 'GET', '/config');
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.body, { allowed_strategies: ['samlp', 'oidc', 'okta', 'waad'], connection_deletion_behavior: 'allow_if_empty' });
    });

    it('answers an unknown path with a 404 problem', async () => {
      assertProblem(await myOrg(server, token, 'GET', '/nothing-here'), 404, 'inexistent_route');
    });
  });
}
