import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { auth } from 'express-openid-connect';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { PASSWORD, createAgent, formAction, inputValue, organizationWithMember } from '../login/login.fixtures.js';
import type { Agent, Page } from '../helpers/browser-agent.js';
import { TLS, grantApiRole } from './sdk.fixtures.js';

// express-openid-connect, unchanged, in an Express app on HTTPS loopback, signing in through
// Gatehouse's hosted login (driven by the scripted agent: the SDK's side is all server-side).
const API = 'https://sdk-express.example/api';

interface Me {
  user?: Record<string, unknown>;
  userinfo?: Record<string, unknown>;
  error?: string;
}

/** An Express app using the SDK; its routes follow the SDK's README. */
async function startApp(server: TestServer, clientId: string, clientSecret: string) {
  const app = express();
  const listener = https.createServer({ cert: fs.readFileSync(TLS.certPath), key: fs.readFileSync(TLS.keyPath) });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const baseURL = `https://localhost:${(listener.address() as AddressInfo).port}`;
  app.use(
    auth({
      issuerBaseURL: server.url,
      baseURL,
      clientID: clientId,
      clientSecret,
      secret: 'a-long-enough-cookie-secret-for-tests',
      authRequired: false,
      idpLogout: false,
      authorizationParams: { response_type: 'code', audience: API, scope: 'openid profile email' },
    }),
  );
  // Organization switching, as Auth0 documents it for this SDK.
  app.get('/switch', (req, res) =>
    res.oidc.login({ returnTo: '/me', authorizationParams: { organization: String(req.query.organization) } }),
  );
  // The application's login route (initiate_login_uri): invitation links land here.
  app.get('/invite', (req, res) =>
    res.oidc.login({
      returnTo: '/me',
      authorizationParams: { invitation: String(req.query.invitation), organization: String(req.query.organization) },
    }),
  );
  app.get('/me', async (req, res) => {
    try {
      res.json({ user: req.oidc.user, userinfo: await req.oidc.fetchUserInfo() } satisfies Me);
    } catch (error) {
      res.status(500).json({ error: String(error) } satisfies Me);
    }
  });
  listener.on('request', app);
  return { baseURL, close: () => new Promise<void>((resolve) => listener.close(() => resolve())) };
}

/** Submits the hosted login's identifier and password pages, following the redirects back to the app. */
async function signIn(agent: Agent, page: Page, email: string): Promise<Page> {
  const passwordPage = await agent.go(formAction(page), { form: { _csrf: inputValue(page.html, '_csrf'), email } });
  assert.match(passwordPage.html, /name="password"/, passwordPage.html.slice(0, 1000));
  return agent.go(formAction(passwordPage), { form: { _csrf: inputValue(passwordPage.html, '_csrf'), password: PASSWORD } });
}

function me(page: Page): Me {
  assert.equal(page.status, 200, `${page.url}\n${page.html.slice(0, 1500)}`);
  return JSON.parse(page.html) as Me;
}

for (const dialect of DIALECTS) {
  describe(`express-openid-connect against Gatehouse [${dialect}]`, () => {
    let server: TestServer;
    let app: Awaited<ReturnType<typeof startApp>>;
    let clientId: string;
    before(async () => {
      server = await startServer(dialect, { tls: TLS });
      assert.equal(
        (await server.api('POST', '/resource-servers', { name: 'Express API', identifier: API, scopes: [{ value: 'read:data' }] })).status,
        201,
      );
      // The app's URLs name its port, known once it listens: register, start, then set them.
      const client = (await server.api('POST', '/clients', { name: 'Express app', app_type: 'regular_web', organization_usage: 'allow' }))
        .body;
      clientId = client.client_id;
      app = await startApp(server, client.client_id, client.client_secret);
      const patched = await server.api('PATCH', `/clients/${client.client_id}`, {
        callbacks: [`${app.baseURL}/callback`],
        initiate_login_uri: `${app.baseURL}/invite`,
      });
      assert.equal(patched.status, 200, JSON.stringify(patched.body));
    });
    after(async () => {
      await app.close();
      await server.close();
    });

    it('signs in through the hosted login in an organization and reads req.oidc.fetchUserInfo() with the API token', async () => {
      const { org, member } = await organizationWithMember(server, 'express-login');
      await grantApiRole(server, API, org.id, member.user_id, 'express-login');
      const agent = createAgent();
      const login = await agent.go(`${app.baseURL}/switch?organization=${org.id}`);
      const body = me(await signIn(agent, login, 'member@express-login.example'));
      assert.equal(body.user!.sub, member.user_id);
      assert.equal(body.user!.org_id, org.id);
      assert.equal(body.user!.org_name, 'express-login');
      assert.equal(body.userinfo!.sub, member.user_id);
      assert.equal(body.userinfo!.email, 'member@express-login.example');
      assert.equal(body.userinfo!.org_id, org.id);
    });

    it('switches organization by name with res.oidc.login, without signing in again', async () => {
      const { org: first, member, connection } = await organizationWithMember(server, 'express-a');
      const second = (await server.api('POST', '/organizations', { name: 'express-b' })).body;
      await server.api('POST', `/organizations/${second.id}/members`, { members: [member.user_id] });
      await server.api('POST', `/organizations/${second.id}/enabled_connections`, { connection_id: connection.id });
      const agent = createAgent();
      const firstLogin = me(
        await signIn(agent, await agent.go(`${app.baseURL}/switch?organization=${first.name}`), 'member@express-a.example'),
      );
      assert.equal(firstLogin.user!.org_id, first.id);

      const switched = me(await agent.go(`${app.baseURL}/switch?organization=express-b`));
      assert.equal(switched.user!.sub, member.user_id);
      assert.equal(switched.user!.org_id, second.id);
      assert.equal(switched.user!.org_name, 'express-b');
      assert.equal(switched.userinfo!.org_id, second.id);
    });

    it("accepts an invitation through the invitation_url, which lands on the app's login route", async () => {
      const { org } = await organizationWithMember(server, 'express-invite');
      const invitation = await server.api('POST', `/organizations/${org.id}/invitations`, {
        inviter: { name: 'Ada Admin' },
        invitee: { email: 'newcomer@express-invite.example' },
        client_id: clientId,
        send_invitation_email: false,
      });
      assert.equal(invitation.status, 201, JSON.stringify(invitation.body));
      assert.ok(String(invitation.body.invitation_url).startsWith(`${app.baseURL}/invite?`), invitation.body.invitation_url);
      const agent = createAgent();
      const signup = await agent.go(invitation.body.invitation_url);
      assert.match(signup.html, /Join express-invite Inc\./, signup.html.slice(0, 1500));
      const body = me(await agent.go(formAction(signup), { form: { _csrf: inputValue(signup.html, '_csrf'), password: PASSWORD } }));
      assert.equal(body.user!.email, 'newcomer@express-invite.example');
      assert.equal(body.user!.org_id, org.id);
      const members = await server.api('GET', `/organizations/${org.id}/members`);
      assert.ok(
        members.body.some((m: { user_id: string }) => m.user_id === body.user!.sub),
        'the invitee is now a member',
      );
    });
  });
}
