import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { PASSWORD, createAgent, formAction, inputValue, organizationWithMember } from '../login/login.fixtures.js';

// Auth0's {organization_name} placeholder in callback and logout URLs: the organization of the
// login, and nothing else; every other part of the URL matches exactly.
const CALLBACK_TEMPLATE = 'http://{organization_name}.app.localhost:9/callback';
const LOGOUT_TEMPLATE = 'http://{organization_name}.app.localhost:9/signed-out';
const callbackFor = (name: string) => CALLBACK_TEMPLATE.replace('{organization_name}', name);
const logoutFor = (name: string) => LOGOUT_TEMPLATE.replace('{organization_name}', name);

for (const dialect of DIALECTS) {
  describe(`{organization_name} in callback and logout URLs [${dialect}]`, () => {
    let server: TestServer;
    let acme: { id: string; name: string };
    let other: { id: string; name: string };
    let app: { client_id: string; client_secret: string };
    let config: oidc.Configuration;

    before(async () => {
      server = await startServer(dialect);
      acme = (await organizationWithMember(server, 'ph-acme')).org;
      other = (await organizationWithMember(server, 'ph-other')).org;
      app = await register({ organization_usage: 'allow' });
      config = await oidc.discovery(new URL(server.url), app.client_id, app.client_secret, undefined, {
        execute: [oidc.allowInsecureRequests],
      });
    });
    after(async () => {
      await server.close();
    });

    async function register(body: Record<string, unknown>) {
      const res = await server.api('POST', '/clients', {
        name: 'Per-organization subdomains',
        app_type: 'regular_web',
        callbacks: [CALLBACK_TEMPLATE],
        allowed_logout_urls: [LOGOUT_TEMPLATE],
        ...body,
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body as { client_id: string; client_secret: string };
    }

    /** Starts an authorization request at /authorize with this redirect_uri; the first answer. */
    async function authorize(redirectUri: string, params: Record<string, string>, clientId = app.client_id) {
      const url = new URL(`${server.url}/authorize`);
      const search = {
        client_id: clientId,
        response_type: 'code',
        scope: 'openid',
        redirect_uri: redirectUri,
        state: 'st',
        code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
        code_challenge_method: 'S256',
        ...params,
      };
      for (const [key, value] of Object.entries(search)) url.searchParams.set(key, value);
      return fetch(url, { redirect: 'manual' });
    }

    // RFC 9126 §2.3: the pushed request endpoint answers invalid_request for it.
    async function refusedAsUnregistered(res: Response, error = 'invalid_redirect_uri') {
      assert.equal(res.status, 400);
      const body = await res.json();
      assert.equal(body.error, error);
      assert.equal(body.error_description, "redirect_uri did not match any of the client's registered redirect_uris");
    }

    /** Signs the organization's member in through the placeholder URL and returns the tokens. */
    async function signIn(organization: string, redirectUri: string) {
      const agent = createAgent();
      const verifier = oidc.randomPKCECodeVerifier();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: 'openid email',
        state: 'st',
        organization,
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
      });
      const page = await agent.go(url.toString(), { stopAt: redirectUri });
      assert.equal(page.status, 200, page.html.slice(0, 300));
      const password = await agent.go(formAction(page), {
        form: { _csrf: inputValue(page.html, '_csrf'), email: 'member@ph-acme.example' },
      });
      const callback = await agent.go(formAction(password), {
        form: { _csrf: inputValue(password.html, '_csrf'), password: PASSWORD },
        stopAt: redirectUri,
      });
      assert.ok(callback.url.startsWith(`${redirectUri}?`), `${callback.status} ${callback.html.slice(0, 300)}`);
      return oidc.authorizationCodeGrant(config, new URL(callback.url), { pkceCodeVerifier: verifier, expectedState: 'st' });
    }

    it("signs in through the URL of the login's organization, chosen by id or by name", async () => {
      const tokens = await signIn(acme.id, callbackFor(acme.name));
      assert.equal(tokens.claims()!.org_id, acme.id);
      const byName = await signIn(acme.name, callbackFor(acme.name));
      assert.equal(byName.claims()!.org_id, acme.id);
    });

    it('refuses the URL of another organization', async () => {
      await refusedAsUnregistered(await authorize(callbackFor(other.name), { organization: acme.id }));
      await refusedAsUnregistered(await authorize(callbackFor(other.name), { organization: acme.name }));
      await refusedAsUnregistered(await authorize(callbackFor('no-such-org'), { organization: 'no-such-org' }));
    });

    it('refuses a placeholder URL without an organization, and for an application that denies organizations', async () => {
      await refusedAsUnregistered(await authorize(callbackFor(acme.name), {}));
      const denying = await register({ organization_usage: 'deny' });
      await refusedAsUnregistered(await authorize(callbackFor(acme.name), { organization: acme.id }, denying.client_id));
    });

    it('refuses lookalikes: other labels, escapes, the template itself, anything after the path', async () => {
      for (const lookalike of [
        'http://ph-acme.evil.app.localhost:9/callback',
        'http://ph-acme%2eevil.app.localhost:9/callback',
        'http://evil.com/ph-acme.app.localhost:9/callback',
        'http://PH-ACME.app.localhost:9/callback',
        CALLBACK_TEMPLATE,
        `${callbackFor(acme.name)}/more`,
        `${callbackFor(acme.name)}?next=x`,
        'http://.app.localhost:9/callback',
      ]) {
        await refusedAsUnregistered(await authorize(lookalike, { organization: acme.id }));
      }
    });

    it('checks a pushed authorization request against its organization too', async () => {
      const push = async (redirectUri: string, organization: string) =>
        fetch(`${server.url}/oauth/par`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            client_id: app.client_id,
            client_secret: app.client_secret,
            response_type: 'code',
            scope: 'openid',
            redirect_uri: redirectUri,
            organization,
            code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
            code_challenge_method: 'S256',
          }),
        });
      assert.equal((await push(callbackFor(acme.name), acme.id)).status, 201);
      await refusedAsUnregistered(await push(callbackFor(other.name), acme.id), 'invalid_request');
      await refusedAsUnregistered(await push(callbackFor(other.name), acme.name), 'invalid_request');
    });

    it('refuses a placeholder when registering anywhere but a whole first host label', async () => {
      for (const bad of [
        'https://evil.com/{organization_name}',
        'https://x{organization_name}.example.com/cb',
        'https://{organization_name}.com/cb',
        'https://{organization_name}.example.com/{organization_name}',
        'custom://{organization_name}.example.com/cb',
      ]) {
        const res = await server.api('POST', '/clients', { name: 'bad placeholder', callbacks: [bad] });
        assert.equal(res.status, 400, bad);
        assert.equal(res.body.errorCode, 'invalid_body');
        assert.equal(
          res.body.message,
          `Payload validation error: 'The {organization_name} placeholder must be the first label of the host of an http or https URL, once, before a domain of two labels or more: ${bad}' on property callbacks.`,
        );
      }
      const logout = await server.api('POST', '/clients', {
        name: 'bad logout',
        allowed_logout_urls: ['https://example.com/{organization_name}'],
      });
      assert.equal(logout.status, 400);
      assert.match(logout.body.message, /on property allowed_logout_urls\.$/);
    });

    it('lets logout return to the URL of the organization the id_token_hint was issued in, and no other', async () => {
      const tokens = await signIn(acme.id, callbackFor(acme.name));
      const logout = (postLogout: string, hint: string | undefined) => {
        const url = new URL(`${server.url}/oidc/logout`);
        url.searchParams.set('post_logout_redirect_uri', postLogout);
        if (hint) url.searchParams.set('id_token_hint', hint);
        else url.searchParams.set('client_id', app.client_id);
        return fetch(url, { redirect: 'manual' });
      };
      const allowed = await logout(logoutFor(acme.name), tokens.id_token);
      assert.ok(allowed.status < 400, `${allowed.status} ${await allowed.text()}`);
      for (const [target, hint] of [
        [logoutFor(other.name), tokens.id_token],
        [logoutFor(acme.name), undefined],
        [LOGOUT_TEMPLATE, tokens.id_token],
      ] as const) {
        const refused = await logout(target, hint);
        assert.equal(refused.status, 400, target);
        assert.deepEqual(await refused.json(), { error: 'invalid_request', error_description: 'post_logout_redirect_uri not registered' });
      }
    });
  });
}
