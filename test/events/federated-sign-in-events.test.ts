// Federated sign-ins through the real wire (an OIDC IdP on loopback, a samlify SAML IdP): what the
// login changed and its outcome are events; a refused assertion is `f`, never holding the assertion.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { CALLBACK, authorize, createAgent, formAction, inputValue, registerApp } from '../login/login.fixtures.js';
import { ACCOUNT, CLIENT_ID, CLIENT_SECRET, startTestIdp, type TestIdp } from '../federation/oidc-idp.fixtures.js';
import { createTestIdp, decode } from '../federation/saml-idp.js';
import { assertNowhereInEvents, only, recording } from './events.fixtures.js';

const UA = 'EventsTest/1.0 (federated)';
const BUTTON = /href="([^"]+\/sso\/con_[^"]+)"/;

for (const dialect of DIALECTS) {
  describe(`federated sign-in events [${dialect}]`, () => {
    let server: TestServer;
    let oidcIdp: TestIdp;
    const samlIdp = createTestIdp();
    before(async () => {
      server = await startServer(dialect);
      oidcIdp = await startTestIdp({ idTokenCarriesClaims: true, redirectUris: [`${server.url}/login/sso/oidc/callback`] });
    });
    after(async () => {
      await oidcIdp.close();
      await server.close();
    });

    /** A connection enabled with membership on login in a new organization, and a login started there. */
    async function startLogin(name: string, connection: Record<string, unknown>) {
      const created = await server.api('POST', '/connections', { name: `${name}-idp`, ...connection });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const conn = created.body as { id: string };
      const org = (await server.api('POST', '/organizations', { name })).body as { id: string };
      await server.api('POST', `/organizations/${org.id}/enabled_connections`, {
        connection_id: conn.id,
        assign_membership_on_login: true,
        show_as_button: true,
      });
      const { client, config } = await registerApp(server, { name: `${name} app`, organization_usage: 'allow' });
      const agent = createAgent({ userAgent: UA });
      const flow = await authorize(config, agent, { organization: org.id });
      const button = new URL(BUTTON.exec(flow.page.html)![1], flow.page.url).toString();
      return { conn, org, client, agent, flow, button };
    }

    const oidcOptions = (options: Record<string, unknown> = {}) => ({
      strategy: 'oidc',
      options: { issuer: oidcIdp.issuer, client_id: CLIENT_ID, client_secret: CLIENT_SECRET, domain_aliases: [], ...options },
    });

    it('records user_provisioned, organization_member_added and s for a first OIDC enterprise login', async () => {
      const { conn, org, client, agent, button } = await startLogin('fed-oidc', oidcOptions({ domain_aliases: ['acme.test'] }));
      const { result: callback, events } = await recording(server, () => agent.go(button, { stopAt: CALLBACK }));
      assert.ok(callback.url.startsWith(CALLBACK), callback.html.slice(0, 300));
      assert.deepEqual(
        events.map((e) => e.type),
        ['user_provisioned', 'organization_member_added', 's'],
      );
      const [provisioned, added, s] = events;
      assert.equal(provisioned.parsed.path, 'jit_created');
      assert.equal(added.parsed.reason, 'membership_on_login');
      assert.match(String(s.user_id), /^oidc\|fed-oidc-idp\|[0-9a-f]{24}$/);
      assert.deepEqual(
        [
          s.actor_type,
          s.user_name,
          s.connection,
          s.connection_id,
          s.strategy,
          s.strategy_type,
          s.organization_id,
          s.client_id,
          s.user_agent,
        ],
        ['user', ACCOUNT.email.toLowerCase(), 'fed-oidc-idp', conn.id, 'oidc', 'enterprise', org.id, client.client_id, UA],
      );
      assert.deepEqual(s.parsed.amr, ['oidc']);
      const user = (await server.api('GET', `/users/${encodeURIComponent(String(s.user_id))}`)).body;
      assert.equal(user.logins_count, 1);
      await assertNowhereInEvents(server, [CLIENT_SECRET]);
      const text = JSON.stringify(await server.database.db.kysely.selectFrom('events').selectAll().execute());
      assert.doesNotMatch(text, /eyJ[A-Za-z0-9_-]{10,}\./, 'no JWT from the IdP');
    });

    it('records f with the reason when the IdP account has no user here and JIT is off', async () => {
      const { conn, org, agent, button } = await startLogin('fed-nojit', oidcOptions({ is_create_missing_user: false }));
      const { result: page, events } = await recording(server, () => agent.go(button));
      assert.equal(page.status, 403);
      assert.deepEqual(
        events.map((e) => e.type),
        ['f'],
      );
      const [f] = events;
      assert.deepEqual(
        [f.actor_type, f.actor_id, f.parsed.error, f.description, f.connection_id, f.strategy, f.organization_id],
        ['anonymous', ACCOUNT.email.toLowerCase(), 'account_not_found', "We can't find your account.", conn.id, 'oidc', org.id],
      );
    });

    it('records f when the IdP denies the sign-in', async () => {
      const { conn, agent, button } = await startLogin('fed-denied', oidcOptions());
      oidcIdp.denyWith = 'the user said no';
      try {
        const { events } = await recording(server, () => agent.go(button));
        const f = only(events, 'f');
        assert.deepEqual([f.parsed.error, f.connection_id], ['idp_denied', conn.id]);
      } finally {
        oidcIdp.denyWith = undefined;
      }
    });

    const samlOptions = {
      strategy: 'samlp',
      options: { signInEndpoint: samlIdp.ssoUrl, signingCert: samlIdp.cert, entityId: samlIdp.entityId },
    };

    /** To the SAML IdP and back with a response made by `from` for this login's AuthnRequest. */
    async function samlRoundTrip(name: string, nameId: string, from = samlIdp) {
      const login = await startLogin(name, samlOptions);
      const hop = await login.agent.go(login.button, { stopAt: samlIdp.ssoUrl });
      const metadata = await (await fetch(`${server.url}/saml/${login.conn.id}/metadata`)).text();
      const SAMLResponse = await from.respond(metadata, hop.url, { nameId, attributes: { email: nameId } });
      const RelayState = new URL(hop.url).searchParams.get('RelayState')!;
      const posted = await recording(server, () =>
        login.agent.go(`${server.url}/login/sso/saml/${login.conn.id}/acs`, { form: { SAMLResponse, RelayState }, stopAt: CALLBACK }),
      );
      return { ...login, SAMLResponse, ...posted };
    }

    it('records s with the SAML connection for a SAML login', async () => {
      const { conn, org, result, events } = await samlRoundTrip('fed-saml', 'grace@fed-saml.example');
      assert.ok(result.url.startsWith(CALLBACK), result.html.slice(0, 300));
      const s = only(events, 's');
      assert.deepEqual(
        [s.connection_id, s.strategy, s.strategy_type, s.organization_id, s.user_name],
        [conn.id, 'samlp', 'enterprise', org.id, 'grace@fed-saml.example'],
      );
      assert.deepEqual(s.parsed.amr, ['saml']);
    });

    it('records f with the failed check for a refused assertion, never the response or the assertion', async () => {
      const forger = createTestIdp({ key: 'other' });
      const { conn, client, result, events, SAMLResponse } = await samlRoundTrip('fed-forged', 'mallory@fed-forged.example', forger);
      assert.equal(result.status, 400);
      assert.deepEqual(
        events.map((e) => e.type),
        ['f'],
      );
      const [f] = events;
      assert.deepEqual(
        [f.parsed.error, f.parsed.reason, f.connection_id, f.connection, f.strategy, f.client_id, f.user_id],
        ['saml_invalid_response', 'signature', conn.id, 'fed-forged-idp', 'samlp', client.client_id, null],
      );
      const xml = decode(SAMLResponse);
      const assertion = xml.slice(xml.indexOf('<saml:Assertion'), xml.indexOf('<saml:Assertion') + 60);
      await assertNowhereInEvents(server, [SAMLResponse.slice(0, 40), assertion, 'mallory@fed-forged.example']);
    });

    it('records f for a connection the organization has not enabled', async () => {
      const { agent, flow } = await startLogin('fed-closed', oidcOptions());
      const other = (await server.api('POST', '/connections', { name: 'fed-closed-other', ...oidcOptions() })).body as { id: string };
      const uid = new URL(flow.page.url).pathname.split('/')[2];
      const { result: page, events } = await recording(server, () => agent.go(`${server.url}/login/${uid}/sso/${other.id}`));
      assert.equal(page.status, 400);
      const f = only(events, 'f');
      assert.deepEqual([f.parsed.error, f.connection_id], ['connection_not_enabled', other.id]);
      // Leaving the refusal page sends access_denied to the application and records nothing more.
      const back = await recording(server, () =>
        agent.go(formAction(page), { form: { _csrf: inputValue(page.html, '_csrf') }, stopAt: CALLBACK }),
      );
      assert.equal(new URL(back.result.url).searchParams.get('error'), 'access_denied');
      assert.deepEqual(back.events, []);
    });
  });
}
