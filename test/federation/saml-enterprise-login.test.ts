import { after, before, describe, it } from 'node:test';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { CALLBACK, authorize, createAgent, exchange, formAction, inputValue, registerApp } from '../login/login.fixtures.js';
import type { Agent } from '../helpers/browser-agent.js';
import { createTestIdp } from './saml-idp.js';

// Full round trips: application → Gatehouse login → SAML AuthnRequest → a samlify IdP → ACS → back.
for (const dialect of DIALECTS) {
  describe(`enterprise sign-in through a SAML connection [${dialect}]`, () => {
    let server: TestServer;
    const idp = createTestIdp();
    before(async () => {
      server = await startServer(dialect);
    });
    after(async () => {
      await server.close();
    });

    async function samlConnection(name: string, options: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
      const res = await server.api('POST', '/connections', {
        name,
        strategy: 'samlp',
        ...extra,
        options: { signInEndpoint: idp.ssoUrl, signingCert: idp.cert, entityId: idp.entityId, ...options },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body as { id: string; name: string };
    }

    /** From the login page to the IdP: the AuthnRequest redirect URL Gatehouse produced. */
    async function toIdp(agent: Agent, href: string): Promise<string> {
      const hop = await agent.go(href, { stopAt: idp.ssoUrl });
      assert.ok(hop.url.startsWith(idp.ssoUrl), `expected a redirect to the IdP, got ${hop.status} ${hop.html.slice(0, 300)}`);
      return hop.url;
    }

    async function postToAcs(agent: Agent, connectionId: string, loginUrl: string, SAMLResponse: string, relayState?: string) {
      const acs = `${server.url}/login/sso/saml/${connectionId}/acs`;
      const RelayState = relayState ?? new URL(loginUrl).searchParams.get('RelayState') ?? '';
      return agent.go(acs, { form: { SAMLResponse, RelayState }, stopAt: CALLBACK });
    }

    it('signs in through home realm discovery, creates the user just in time, and gives org_id', async () => {
      const org = (await server.api('POST', '/organizations', { name: 'saml-hrd' })).body;
      const conn = await samlConnection('saml-hrd-idp', { domain_aliases: ['saml-acme.example'] }, { organization_id: org.id });
      const sp = await server.api('GET', `/connections/${conn.id}/saml-sp`);
      assert.equal(sp.status, 200);
      assert.equal(sp.body.acs_url, `${server.url}/login/sso/saml/${conn.id}/acs`);
      const metadata = await (await fetch(sp.body.metadata_url)).text();
      assert.match(metadata, /AssertionConsumerService/);

      const { config } = await registerApp(server, { organization_usage: 'allow' });
      const agent = createAgent();
      const flow = await authorize(config, agent);
      const hop = await agent.go(formAction(flow.page), {
        form: { _csrf: inputValue(flow.page.html, '_csrf'), email: 'grace@saml-acme.example' },
        stopAt: idp.ssoUrl,
      });
      const loginUrl = hop.url;
      assert.ok(loginUrl.startsWith(idp.ssoUrl), 'home realm discovery sends the browser to the IdP');
      const SAMLResponse = await idp.respond(metadata, loginUrl, {
        nameId: 'grace@saml-acme.example',
        attributes: { email: 'grace@saml-acme.example', firstName: 'Grace', lastName: 'Hopper' },
      });
      const callback = await postToAcs(agent, conn.id, loginUrl, SAMLResponse);
      assert.ok(callback.url.startsWith(CALLBACK), `${callback.status} ${callback.html.slice(0, 600)}`);
      const claims = (await exchange(config, callback.url, flow)).claims()!;
      assert.equal(claims.org_id, org.id);
      assert.equal(claims.email, 'grace@saml-acme.example');
      assert.equal(claims.given_name, 'Grace');
      assert.match(String(claims.sub), /^samlp\|saml-hrd-idp\|[0-9a-f]{24}$/);

      // The same response again is a replay.
      const again = await postToAcs(createAgent(), conn.id, loginUrl, SAMLResponse);
      assert.equal(again.status, 400);
    });

    /**
     * An organization with this SAML connection enabled (membership on login), a login started in it
     * and sent to the IdP through the connection's button: what the IdP's response answers.
     */
    async function startButtonLogin(orgName: string, conn: { id: string }) {
      const org = (await server.api('POST', '/organizations', { name: orgName })).body;
      await server.api('POST', `/organizations/${org.id}/enabled_connections`, {
        connection_id: conn.id,
        assign_membership_on_login: true,
      });
      const { config } = await registerApp(server, { organization_usage: 'allow' });
      const agent = createAgent();
      const flow = await authorize(config, agent, { organization: org.id });
      const loginUrl = await toIdp(agent, new URL(/href="([^"]+\/sso\/con_[^"]+)"/.exec(flow.page.html)![1], flow.page.url).toString());
      const metadata = await (await fetch(`${server.url}/saml/${conn.id}/metadata`)).text();
      return { org, config, agent, flow, loginUrl, metadata };
    }

    /** The same, signed in through the IdP with `response`. */
    async function signInThroughButton(orgName: string, conn: { id: string }, response: Parameters<typeof idp.respond>[2]) {
      const { org, config, agent, flow, loginUrl, metadata } = await startButtonLogin(orgName, conn);
      const callback = await postToAcs(agent, conn.id, loginUrl, await idp.respond(metadata, loginUrl, response));
      assert.ok(callback.url.startsWith(CALLBACK), `${callback.status} ${callback.html.slice(0, 600)}`);
      return { org, claims: (await exchange(config, callback.url, flow)).claims()! };
    }

    it("attaches the first SAML login to a user pre-provisioned by email (Kinde's enterprise identity)", async () => {
      const conn = await samlConnection('saml-pre-holder', { domain_aliases: ['pre.example'] });
      await server.api('POST', '/connections', { name: 'saml-pre-db', strategy: 'auth0' });
      const user = (
        await server.api('POST', '/users', { connection: 'saml-pre-db', email: 'ada@pre.example', password: 'Correct-horse-battery-1' })
      ).body;
      const assigned = await server.api('POST', `/users/${encodeURIComponent(user.user_id)}/identities`, {
        type: 'enterprise',
        connection_id: conn.id,
      });
      assert.equal(assigned.status, 201, JSON.stringify(assigned.body));
      // Sign in through the same connection, enabled in an organization.
      const { claims } = await signInThroughButton('saml-pre', conn, {
        nameId: 'ada@pre.example',
        attributes: { email: 'ada@pre.example' },
      });
      assert.equal(claims.sub, user.user_id, 'the pre-provisioned user, not a new one');
      const stored = (await server.api('GET', `/users/${encodeURIComponent(user.user_id)}`)).body;
      assert.deepEqual(
        stored.identities.map((i: { connection: string; user_id?: string }) => [i.connection, Boolean(i.user_id)]),
        [['saml-pre-holder', true]],
      );
    });

    it('merges into the existing user when the connection trusts emails: the old identity is removed', async () => {
      await server.api('POST', '/connections', { name: 'saml-merge-db', strategy: 'auth0' });
      const existing = (
        await server.api('POST', '/users', {
          connection: 'saml-merge-db',
          email: 'lin@merge.example',
          password: 'Correct-horse-battery-1',
          name: 'Old',
        })
      ).body;
      const conn = await samlConnection('saml-merge-idp', { domain_aliases: ['merge.example'], is_trusted: true });
      const { claims } = await signInThroughButton('saml-merge', conn, {
        nameId: 'lin@merge.example',
        attributes: { email: 'lin@merge.example', firstName: 'Lin', lastName: 'Wei' },
      });
      assert.equal(claims.sub, existing.user_id);
      const stored = (await server.api('GET', `/users/${encodeURIComponent(existing.user_id)}`)).body;
      assert.deepEqual(
        stored.identities.map((i: { connection: string }) => i.connection),
        ['saml-merge-idp'],
      );
      assert.equal(stored.given_name, 'Lin', 'the IdP profile wins');
    });

    /** A database user with this email, and a SAML connection that trusts emails but has no domain_aliases. */
    async function trustingSetup(prefix: string, email: string) {
      await server.api('POST', '/connections', { name: `${prefix}-db`, strategy: 'auth0' });
      const existing = (await server.api('POST', '/users', { connection: `${prefix}-db`, email, password: 'Correct-horse-battery-1' }))
        .body;
      const conn = await samlConnection(`${prefix}-idp`, { is_trusted: true });
      return { existing, conn };
    }

    it("merges by email when the organization's verified domain entitles the connection (no domain_aliases)", async () => {
      const { existing, conn } = await trustingSetup('saml-vd', 'kim@vd-merge.example');
      const { org, config, agent, flow, loginUrl, metadata } = await startButtonLogin('saml-vd', conn);
      const added = await server.api('POST', `/organizations/${org.id}/discovery-domains`, {
        domain: 'vd-merge.example',
        status: 'verified',
      });
      assert.equal(added.status, 201);
      const response = await idp.respond(metadata, loginUrl, { nameId: 'kim', attributes: { email: 'kim@vd-merge.example' } });
      const callback = await postToAcs(agent, conn.id, loginUrl, response);
      assert.ok(callback.url.startsWith(CALLBACK), `${callback.status} ${callback.html.slice(0, 600)}`);
      const claims = (await exchange(config, callback.url, flow)).claims()!;
      assert.equal(claims.sub, existing.user_id, 'merged into the existing user');
      assert.equal(claims.email_verified, true);
    });

    it('keeps a separate user when the email is in no domain the connection is entitled to', async () => {
      const { existing, conn } = await trustingSetup('saml-novd', 'kim@novd-merge.example');
      const { claims } = await signInThroughButton('saml-novd', conn, { nameId: 'kim', attributes: { email: 'kim@novd-merge.example' } });
      assert.notEqual(claims.sub, existing.user_id, 'a new, separate identity');
      assert.equal(claims.email_verified, false);
      const stored = (await server.api('GET', `/users/${encodeURIComponent(existing.user_id)}`)).body;
      assert.deepEqual(
        stored.identities.map((i: { connection: string }) => i.connection),
        ['saml-novd-db'],
      );
    });

    it('fetches the IdP metadata from metadataUrl when the connection is saved, and refuses a bad URL', async () => {
      const tls = { key: fs.readFileSync('test/fixtures/tls/key.pem'), cert: fs.readFileSync('test/fixtures/tls/cert.pem') };
      const host = https.createServer(tls, (req, res) => {
        if (req.url === '/metadata') return res.writeHead(200, { 'content-type': 'application/xml' }).end(idp.metadataXml);
        return res.writeHead(404).end();
      });
      await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
      const base = `https://localhost:${(host.address() as AddressInfo).port}`;
      try {
        const created = await server.api('POST', '/connections', {
          name: 'saml-by-url',
          strategy: 'samlp',
          options: { metadataUrl: `${base}/metadata` },
        });
        assert.equal(created.status, 201, JSON.stringify(created.body));
        assert.match(created.body.options.metadataXml, /IDPSSODescriptor/);
        const missing = await server.api('POST', '/connections', {
          name: 'saml-by-bad-url',
          strategy: 'samlp',
          options: { metadataUrl: `${base}/nope` },
        });
        assert.equal(missing.status, 400);
        assert.equal(
          missing.body.message,
          "Payload validation error: 'Could not use the IdP metadata at metadataUrl: the server answered 404' on property options.metadataUrl.",
        );
        const plain = await server.api('POST', '/connections', {
          name: 'saml-by-http',
          strategy: 'samlp',
          options: { metadataUrl: 'http://localhost/metadata' },
        });
        assert.equal(plain.status, 400);
        assert.match(plain.body.message, /only https URLs/);
      } finally {
        host.closeAllConnections();
        await new Promise<void>((resolve) => host.close(() => resolve()));
      }
    });

    it('refuses an IdP-initiated response with a page that says why', async () => {
      const conn = await samlConnection('saml-idp-init');
      const metadata = await (await fetch(`${server.url}/saml/${conn.id}/metadata`)).text();
      const SAMLResponse = await idp.respond(metadata, '', { nameId: 'someone@saml-acme.example', unsolicited: true });
      const page = await createAgent().go(`${server.url}/login/sso/saml/${conn.id}/acs`, { form: { SAMLResponse } });
      assert.equal(page.status, 400);
      assert.match(page.html, /<h1[^>]*>Start signing in from the application<\/h1>/);
      assert.match(page.html, /IdP-initiated sign-in\) is not supported/);
    });

    it('refuses a response signed by another key', async () => {
      const conn = await samlConnection('saml-wrongkey-idp');
      const { agent, loginUrl, metadata } = await startButtonLogin('saml-wrongkey', conn);
      const forged = await createTestIdp({ key: 'other' }).respond(metadata, loginUrl, { nameId: 'mallory@saml-acme.example' });
      const page = await postToAcs(agent, conn.id, loginUrl, forged);
      assert.equal(page.status, 400);
      assert.doesNotMatch(page.html, /mallory/);
    });
  });
}
