// The group → organization role mapping applies to the groups a SAML login asserts: on each login
// the member's mapped roles are brought in line, in the login's transaction.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import type { Page } from '../helpers/browser-agent.js';
import { CALLBACK, authorize, createAgent, exchange, registerApp } from '../login/login.fixtures.js';
import { samlIdp } from './scim.fixtures.js';

const buttonHref = (page: Page) => new URL(/href="([^"]+\/sso\/con_[^"]+)"/.exec(page.html)![1], page.url).toString();

for (const dialect of DIALECTS) {
  describe(`IdP groups at login follow the group → role mapping [${dialect}]`, () => {
    let server: TestServer;
    let orgId: string;
    let connectionId: string;
    let engineer: string;
    let manager: string;
    // A role assigned by hand, which no mapping names: every login leaves it alone.
    let manual: string;
    let app: Awaited<ReturnType<typeof registerApp>>;
    before(async () => {
      server = await startServer(dialect);
      orgId = (await server.api('POST', '/organizations', { name: 'groups-co' })).body.id;
      connectionId = (
        await server.api('POST', '/connections', {
          name: 'groups-co-saml',
          strategy: 'samlp',
          options: { signInEndpoint: samlIdp.ssoUrl, signingCert: samlIdp.cert, entityId: samlIdp.entityId },
        })
      ).body.id;
      await server.api('POST', `/organizations/${orgId}/enabled_connections`, {
        connection_id: connectionId,
        assign_membership_on_login: true,
        show_as_button: true,
      });
      engineer = (await server.api('POST', '/roles', { name: 'groups-engineer' })).body.id;
      manager = (await server.api('POST', '/roles', { name: 'groups-manager' })).body.id;
      manual = (await server.api('POST', '/roles', { name: 'groups-manual' })).body.id;
      const res = await server.api('PUT', `/organizations/${orgId}/enabled_connections/${connectionId}/group_role_mappings`, {
        mappings: [
          { group: 'Engineering', role_id: engineer },
          { group: 'Managers', role_id: manager },
        ],
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.body.mappings, [
        { group: 'engineering', role_id: engineer },
        { group: 'managers', role_id: manager },
      ]);
      app = await registerApp(server, { organization_usage: 'allow' });
    });
    after(() => server.close());

    async function signIn(groups: string[]): Promise<string> {
      const agent = createAgent();
      const flow = await authorize(app.config, agent, { organization: orgId });
      const hop = await agent.go(buttonHref(flow.page), { stopAt: samlIdp.ssoUrl });
      const metadata = await (await fetch(`${server.url}/saml/${connectionId}/metadata`)).text();
      const SAMLResponse = await samlIdp.respond(metadata, hop.url, {
        nameId: 'eve@groups-co.example',
        attributes: { email: 'eve@groups-co.example', groups },
      });
      const page = await agent.go(`${server.url}/login/sso/saml/${connectionId}/acs`, {
        form: { SAMLResponse, RelayState: new URL(hop.url).searchParams.get('RelayState') ?? '' },
        stopAt: CALLBACK,
      });
      assert.ok(page.url.startsWith(CALLBACK), `${page.status} ${page.html.slice(0, 500)}`);
      return String((await exchange(app.config, page.url, flow)).claims()!.sub);
    }

    const roles = async (userId: string) =>
      (await server.api('GET', `/organizations/${orgId}/members/${encodeURIComponent(userId)}/roles`)).body
        .map((r: { id: string }) => r.id)
        .sort();

    it('assigns the mapped roles of the asserted groups, and removes them when the groups change', async () => {
      const userId = await signIn(['Engineering', 'Unmapped']);
      assert.deepEqual(await roles(userId), [engineer]);
      await server.api('POST', `/organizations/${orgId}/members/${encodeURIComponent(userId)}/roles`, { roles: [manual] });

      assert.equal(await signIn(['managers']), userId, 'group names are case-insensitive');
      assert.deepEqual(await roles(userId), [manager, manual].sort());
      const actions = (
        await server.database.db.kysely.selectFrom('events').select('action').where('user_id', '=', userId).orderBy('id').execute()
      ).map((e) => e.action);
      assert.ok(actions.includes('organization_member_roles_assigned'));
      assert.ok(actions.includes('organization_member_roles_removed'));
    });
  });
}
