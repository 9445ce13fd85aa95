import * as oidc from 'openid-client';
import type { TestServer } from '../helpers/start-server.js';
import { createAgent, formAction, inputValue, type Agent, type Page } from '../helpers/browser-agent.js';

export const CALLBACK = 'http://127.0.0.1:9/callback';
export const PASSWORD = 'Correct-horse-battery-1';

/** An application registered through the Management API, and openid-client configured for it. */
export async function registerApp(server: TestServer, body: Record<string, unknown> = {}) {
  const res = await server.api('POST', '/clients', {
    name: 'Test web app',
    app_type: 'regular_web',
    callbacks: [CALLBACK],
    allowed_logout_urls: ['http://127.0.0.1:9/after-logout'],
    ...body,
  });
  if (res.status !== 201) throw new Error(`client: ${JSON.stringify(res.body)}`);
  const config = await oidc.discovery(new URL(server.url), res.body.client_id, res.body.client_secret, undefined, {
    execute: [oidc.allowInsecureRequests],
  });
  return { client: res.body as { client_id: string; client_secret: string }, config };
}

/** Starts an authorization request (PKCE, state, nonce) and returns what the callback check needs. */
export async function authorize(config: oidc.Configuration, agent: Agent, params: Record<string, string> = {}) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: CALLBACK,
    scope: 'openid profile email offline_access',
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    ...params,
  });
  const page = await agent.go(url.toString(), { stopAt: CALLBACK });
  return { page, verifier, state, nonce };
}

/** Exchanges the code at the callback URL with openid-client (checks state, nonce, PKCE, ID token). */
export function exchange(config: oidc.Configuration, callbackUrl: string, flow: { verifier: string; state: string; nonce: string }) {
  return oidc.authorizationCodeGrant(config, new URL(callbackUrl), {
    pkceCodeVerifier: flow.verifier,
    expectedState: flow.state,
    expectedNonce: flow.nonce,
  });
}

/** Types the email on the identifier page and the password on the next one. */
export async function signInWithPassword(agent: Agent, page: Page, email: string, password = PASSWORD): Promise<Page> {
  const passwordPage = await agent.go(formAction(page), { form: { _csrf: inputValue(page.html, '_csrf'), email } });
  if (!passwordPage.html.includes('name="password"'))
    throw new Error(`expected the password page, got ${passwordPage.status}:\n${passwordPage.html.slice(0, 1500)}`);
  return agent.go(formAction(passwordPage), { form: { _csrf: inputValue(passwordPage.html, '_csrf'), password }, stopAt: CALLBACK });
}

/** An organization with a database connection enabled in it (settings overridable) and one member. */
export async function organizationWithMember(server: TestServer, name: string, enable: Record<string, unknown> = {}) {
  const org = (
    await server.api('POST', '/organizations', { name, display_name: `${name} Inc.`, branding: { colors: { primary: '#0a7d5a' } } })
  ).body;
  const connection = (await server.api('POST', '/connections', { name: `${name}-db`, strategy: 'auth0' })).body;
  const enabled = await server.api('POST', `/organizations/${org.id}/enabled_connections`, { connection_id: connection.id, ...enable });
  if (enabled.status !== 201) throw new Error(JSON.stringify(enabled.body));
  const member = (
    await server.api('POST', '/users', {
      connection: `${name}-db`,
      email: `member@${name}.example`,
      password: PASSWORD,
      email_verified: true,
    })
  ).body;
  await server.api('POST', `/organizations/${org.id}/members`, { members: [member.user_id] });
  return { org, connection, member };
}

export { createAgent, formAction, inputValue };
