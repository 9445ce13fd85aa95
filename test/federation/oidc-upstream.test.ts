import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DomainError } from '../../src/domain/errors.js';
import type { Connection } from '../../src/domain/connections/connections.types.js';
import { createOidcUpstream, newUpstreamChecks, type OidcUpstream, type UpstreamLoginChecks } from '../../src/federation/oidc/index.js';
import { createAgent } from '../helpers/browser-agent.js';
import { ACCOUNT, CLIENT_ID, REDIRECT_URI, oidcConnection, startTestIdp, type TestIdp } from './oidc-idp.fixtures.js';

const CLIENT_AUTH_MESSAGE =
  'The identity provider rejected Gatehouse\'s client ID or secret for the connection "acme-oidc". An administrator must correct the connection\'s client_id and client_secret.';

/** Drives the browser through the IdP and returns the URL it is sent back to. */
async function signInAtIdp(upstream: OidcUpstream, connection: Connection, checks: UpstreamLoginChecks): Promise<URL> {
  const page = await createAgent().go(await upstream.authorizationUrl(connection, checks), { stopAt: REDIRECT_URI });
  assert.ok(
    page.url.startsWith(REDIRECT_URI),
    `expected the IdP to redirect back, got ${page.status} ${page.url}\n${page.html.slice(0, 500)}`,
  );
  return new URL(page.url);
}

/** Runs `action` and returns the DomainError it throws. */
async function domainError(action: () => Promise<unknown>): Promise<DomainError> {
  try {
    await action();
  } catch (err) {
    assert.ok(err instanceof DomainError, `expected a DomainError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a DomainError');
}

function frozenClock(start = new Date()) {
  let current = start;
  return {
    now: () => current,
    advance: (seconds: number) => {
      current = new Date(current.getTime() + seconds * 1000);
    },
  };
}

describe('upstream OIDC: an IdP that puts claims in the ID token', () => {
  let idp: TestIdp;
  before(async () => {
    idp = await startTestIdp({ idTokenCarriesClaims: true });
  });
  after(async () => {
    await idp.close();
  });

  it('builds an authorization URL with code, PKCE S256, state, nonce, scope and redirect_uri', async () => {
    const upstream = createOidcUpstream();
    const checks = newUpstreamChecks(REDIRECT_URI);
    const url = new URL(await upstream.authorizationUrl(oidcConnection(idp), checks));
    assert.equal(url.origin + url.pathname, `${idp.issuer}/auth`);
    assert.equal(url.searchParams.get('response_type'), 'code');
    assert.equal(url.searchParams.get('client_id'), CLIENT_ID);
    assert.equal(url.searchParams.get('redirect_uri'), REDIRECT_URI);
    assert.equal(url.searchParams.get('scope'), 'openid profile email');
    assert.equal(url.searchParams.get('state'), checks.state);
    assert.equal(url.searchParams.get('nonce'), checks.nonce);
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
    assert.notEqual(url.searchParams.get('code_challenge'), checks.codeVerifier);
    assert.equal(url.searchParams.get('code_challenge')?.length, 43);
  });

  it('passes the home-realm email as login_hint', async () => {
    const url = new URL(
      await createOidcUpstream().authorizationUrl(oidcConnection(idp), newUpstreamChecks(REDIRECT_URI), { loginHint: 'ada@acme.test' }),
    );
    assert.equal(url.searchParams.get('login_hint'), 'ada@acme.test');
  });

  it('completes a login into a FederatedProfile with the mapped email, names and groups', async () => {
    const upstream = createOidcUpstream();
    const connection = oidcConnection(idp, { scope: 'openid profile email groups' });
    const checks = newUpstreamChecks(REDIRECT_URI);
    const profile = await upstream.completeCallback(connection, await signInAtIdp(upstream, connection, checks), checks);
    assert.equal(profile.subject, ACCOUNT.sub);
    assert.equal(profile.email, 'ada.lovelace@acme.test');
    assert.equal(profile.emailVerified, true);
    assert.equal(profile.name, 'Ada Lovelace');
    assert.equal(profile.givenName, 'Ada');
    assert.equal(profile.familyName, 'Lovelace');
    assert.deepEqual(profile.groups, ['engineering', 'admins']);
    assert.equal(profile.attributes.upn, ACCOUNT.upn);
    assert.equal(profile.attributes.nonce, undefined, 'protocol claims are not profile attributes');
  });

  it('does not call userinfo when the ID token carries the email', async () => {
    const upstream = createOidcUpstream();
    const connection = oidcConnection(idp);
    const checks = newUpstreamChecks(REDIRECT_URI);
    const callback = await signInAtIdp(upstream, connection, checks);
    const before = idp.requests.filter((path) => path === '/me').length;
    await upstream.completeCallback(connection, callback, checks);
    assert.equal(idp.requests.filter((path) => path === '/me').length, before);
  });

  it('maps claims through the connection attribute_map (bare names and Auth0 templates)', async () => {
    const upstream = createOidcUpstream();
    const connection = oidcConnection(idp, {
      scope: 'openid profile email groups',
      attribute_map: {
        mapping_mode: 'use_map',
        attributes: {
          email: '${context.tokenset.id_token.upn}',
          groups: 'roles',
          name: '${context.tokenset.id_token.family_name}, ${context.tokenset.id_token.given_name}',
        },
      },
    });
    const checks = newUpstreamChecks(REDIRECT_URI);
    const profile = await upstream.completeCallback(connection, await signInAtIdp(upstream, connection, checks), checks);
    assert.equal(profile.email, 'ada@corp.acme.test');
    assert.deepEqual(profile.groups, ['Owner']);
    assert.equal(profile.name, 'Lovelace, Ada');
  });

  it('refuses a wrong client secret with idp_client_auth_failed and keeps the IdP answer as cause', async () => {
    const upstream = createOidcUpstream();
    const checks = newUpstreamChecks(REDIRECT_URI);
    const callback = await signInAtIdp(upstream, oidcConnection(idp), checks);
    const wrong = oidcConnection(idp, { client_secret: 'not-the-secret' });
    const error = await domainError(() => upstream.completeCallback(wrong, callback, checks));
    assert.equal(error.code, 'idp_client_auth_failed');
    assert.equal(error.message, CLIENT_AUTH_MESSAGE);
    assert.equal(error.expose, true);
    const cause = error.cause as { step: string; status: number; error: string };
    assert.equal(cause.step, 'token');
    assert.equal(cause.status, 401);
    assert.equal(cause.error, 'invalid_client');
  });

  it('refuses a wrong client id with idp_client_auth_failed', async () => {
    const upstream = createOidcUpstream();
    const checks = newUpstreamChecks(REDIRECT_URI);
    const callback = await signInAtIdp(upstream, oidcConnection(idp), checks);
    const wrong = oidcConnection(idp, { client_id: 'someone-else' });
    const error = await domainError(() => upstream.completeCallback(wrong, callback, checks));
    assert.equal(error.code, 'idp_client_auth_failed');
    assert.equal(error.message, CLIENT_AUTH_MESSAGE);
    assert.equal((error.cause as { error: string }).error, 'invalid_client');
  });

  it('refuses a callback whose state was tampered with (idp_state_mismatch) without redeeming the code', async () => {
    const upstream = createOidcUpstream();
    const connection = oidcConnection(idp);
    const checks = newUpstreamChecks(REDIRECT_URI);
    const callback = await signInAtIdp(upstream, connection, checks);
    callback.searchParams.set('state', 'forged-state');
    const tokenCalls = idp.requests.filter((path) => path === '/token').length;
    const error = await domainError(() => upstream.completeCallback(connection, callback, checks));
    assert.equal(error.code, 'idp_state_mismatch');
    assert.equal(error.status, 400);
    assert.equal(idp.requests.filter((path) => path === '/token').length, tokenCalls);
  });

  it('reports error=access_denied from the IdP as idp_denied with its description', async () => {
    const upstream = createOidcUpstream();
    const connection = oidcConnection(idp);
    const checks = newUpstreamChecks(REDIRECT_URI);
    idp.denyWith = 'Ada is not assigned to this application.';
    let callback: URL;
    try {
      callback = await signInAtIdp(upstream, connection, checks);
    } finally {
      idp.denyWith = undefined;
    }
    assert.equal(callback.searchParams.get('error'), 'access_denied');
    const error = await domainError(() => upstream.completeCallback(connection, callback, checks));
    assert.equal(error.code, 'idp_denied');
    assert.equal(error.status, 403);
    assert.equal(
      error.message,
      'The identity provider for the connection "acme-oidc" did not sign you in: Ada is not assigned to this application.',
    );
  });

  it("refuses an ID token whose nonce is not this login's (idp_response_invalid)", async () => {
    const upstream = createOidcUpstream();
    const connection = oidcConnection(idp);
    const checks = newUpstreamChecks(REDIRECT_URI);
    const callback = await signInAtIdp(upstream, connection, checks);
    const error = await domainError(() => upstream.completeCallback(connection, callback, { ...checks, nonce: 'another-login-nonce' }));
    assert.equal(error.code, 'idp_response_invalid');
    assert.match(String((error.cause as { original: Error }).original.cause), /nonce/);
  });

  it('refuses a code redeemed with another PKCE verifier (idp_response_invalid, invalid_grant)', async () => {
    const upstream = createOidcUpstream();
    const connection = oidcConnection(idp);
    const checks = newUpstreamChecks(REDIRECT_URI);
    const callback = await signInAtIdp(upstream, connection, checks);
    const error = await domainError(() =>
      upstream.completeCallback(connection, callback, { ...checks, codeVerifier: newUpstreamChecks(REDIRECT_URI).codeVerifier }),
    );
    assert.equal(error.code, 'idp_response_invalid');
    assert.equal((error.cause as { error: string }).error, 'invalid_grant');
  });

  it('refuses an expired ID token, judged by the injected clock', async () => {
    const clock = frozenClock();
    const upstream = createOidcUpstream({ clock });
    const connection = oidcConnection(idp);
    const checks = newUpstreamChecks(REDIRECT_URI);
    const callback = await signInAtIdp(upstream, connection, checks);
    clock.advance(2 * 3600);
    const error = await domainError(() => upstream.completeCallback(connection, callback, checks));
    assert.equal(error.code, 'idp_response_invalid');
    assert.equal((error.cause as { original: { code: string } }).original.code, 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED');
  });
});

describe('upstream OIDC: an IdP that puts claims only at userinfo', () => {
  let idp: TestIdp;
  before(async () => {
    idp = await startTestIdp({ idTokenCarriesClaims: false });
  });
  after(async () => {
    await idp.close();
  });

  it('reads the email and names from userinfo when the ID token lacks the email', async () => {
    const upstream = createOidcUpstream();
    const connection = oidcConnection(idp);
    const checks = newUpstreamChecks(REDIRECT_URI);
    const callback = await signInAtIdp(upstream, connection, checks);
    const before = idp.requests.filter((path) => path === '/me').length;
    const profile = await upstream.completeCallback(connection, callback, checks);
    assert.equal(idp.requests.filter((path) => path === '/me').length, before + 1);
    assert.equal(profile.email, 'ada.lovelace@acme.test');
    assert.equal(profile.emailVerified, true);
    assert.equal(profile.givenName, 'Ada');
  });
});

describe('upstream OIDC: discovery', () => {
  let idp: TestIdp;
  before(async () => {
    idp = await startTestIdp({ idTokenCarriesClaims: true });
  });
  after(async () => {
    await idp.close();
  });

  function countingFetch() {
    const discoveries: string[] = [];
    const fetcher = (url: string, init: RequestInit) => {
      if (url.includes('/.well-known/openid-configuration')) discoveries.push(url);
      return fetch(url, init);
    };
    return { discoveries, fetcher };
  }

  it('discovers once per connection and reuses the metadata for the whole login', async () => {
    const { discoveries, fetcher } = countingFetch();
    const upstream = createOidcUpstream({ fetch: fetcher });
    const connection = oidcConnection(idp);
    await upstream.authorizationUrl(connection, newUpstreamChecks(REDIRECT_URI));
    const checks = newUpstreamChecks(REDIRECT_URI);
    await upstream.completeCallback(connection, await signInAtIdp(upstream, connection, checks), checks);
    assert.deepEqual(discoveries, [`${idp.issuer}/.well-known/openid-configuration`]);
  });

  it("discovers again when the connection's updated_at changes", async () => {
    const { discoveries, fetcher } = countingFetch();
    const upstream = createOidcUpstream({ fetch: fetcher });
    await upstream.authorizationUrl(oidcConnection(idp), newUpstreamChecks(REDIRECT_URI));
    await upstream.authorizationUrl(oidcConnection(idp, {}, { updated_at: '2026-02-01T00:00:00.000Z' }), newUpstreamChecks(REDIRECT_URI));
    assert.equal(discoveries.length, 2);
  });

  it('discovers again once the cache TTL has passed', async () => {
    const { discoveries, fetcher } = countingFetch();
    const clock = frozenClock();
    const upstream = createOidcUpstream({ fetch: fetcher, clock, discoveryTtlSeconds: 60 });
    await upstream.authorizationUrl(oidcConnection(idp), newUpstreamChecks(REDIRECT_URI));
    clock.advance(59);
    await upstream.authorizationUrl(oidcConnection(idp), newUpstreamChecks(REDIRECT_URI));
    assert.equal(discoveries.length, 1);
    clock.advance(2);
    await upstream.authorizationUrl(oidcConnection(idp), newUpstreamChecks(REDIRECT_URI));
    assert.equal(discoveries.length, 2);
  });

  it('accepts a discovery_url pointing at the discovery document itself', async () => {
    const { discoveries, fetcher } = countingFetch();
    const upstream = createOidcUpstream({ fetch: fetcher });
    const connection = oidcConnection(idp, { issuer: undefined, discovery_url: `${idp.issuer}/.well-known/openid-configuration` });
    const url = new URL(await upstream.authorizationUrl(connection, newUpstreamChecks(REDIRECT_URI)));
    assert.equal(url.origin, idp.issuer);
    assert.equal(discoveries.length, 1);
  });

  it('reports an unreachable IdP as idp_unreachable and does not cache the failure', async () => {
    const { discoveries, fetcher } = countingFetch();
    const upstream = createOidcUpstream({ fetch: fetcher });
    const down = await startTestIdp({ idTokenCarriesClaims: true });
    await down.close();
    const connection = oidcConnection(down);
    const error = await domainError(() => upstream.authorizationUrl(connection, newUpstreamChecks(REDIRECT_URI)));
    assert.equal(error.code, 'idp_unreachable');
    assert.equal(
      error.message,
      `The identity provider for the connection "acme-oidc" could not be reached at ${down.issuer}/. Try again later; if it persists, an administrator must check the connection's discovery_url or issuer.`,
    );
    await domainError(() => upstream.authorizationUrl(connection, newUpstreamChecks(REDIRECT_URI)));
    assert.equal(discoveries.length, 2);
  });

  it('reports an issuer that does not match its discovery document as idp_unreachable', async () => {
    const upstream = createOidcUpstream();
    const connection = oidcConnection(idp, { issuer: `${idp.issuer.replace('127.0.0.1', 'localhost')}` });
    const error = await domainError(() => upstream.authorizationUrl(connection, newUpstreamChecks(REDIRECT_URI)));
    assert.equal(error.code, 'idp_unreachable');
    assert.equal((error.cause as { step: string }).step, 'discovery');
  });
});
