import * as oauth from 'oauth4webapi';

/** What the server tells the portal about itself (GET /portal/config.json). */
interface PortalConfig {
  issuer: string;
  client_id: string;
  /** The My Organization API (`<issuer>/my-org/`). */
  audience: string;
  redirect_uri: string;
  scopes: string[];
}

interface Session {
  accessToken: string;
  expiresAt: number;
  idToken?: string;
  scopes: Set<string>;
  organizationId: string;
  user: { email?: string; name?: string; sub: string };
}

/** Kept across the redirect to the hosted login only; removed as soon as the callback is handled. */
interface PendingSignIn {
  verifier: string;
  state: string;
  nonce: string;
  returnTo: string;
  organization?: string;
}

export type StartOutcome = { kind: 'ready' } | { kind: 'redirecting' } | { kind: 'error'; error: string; description: string };

const PENDING_KEY = 'gatehouse.portal.sign-in';
const HOME = '/portal/members';
const EXPIRY_MARGIN_MS = 30_000;

// As in the console: tokens in memory only. My Organization API tokens last ten minutes; a renewal
// goes back through the hosted login, which returns at once while its session lasts.
let session: Session | undefined;
let config: PortalConfig;
let server: oauth.AuthorizationServer;
let client: oauth.Client;

function requestOptions(): { [oauth.allowInsecureRequests]?: boolean } {
  return config.issuer.startsWith('http://') ? { [oauth.allowInsecureRequests]: true } : {};
}

/** Loads the configuration and discovery, then either finishes a sign-in or starts one. */
export async function startSession(): Promise<StartOutcome> {
  const response = await fetch('/portal/config.json', { headers: { accept: 'application/json' } });
  if (!response.ok)
    return {
      kind: 'error',
      error: 'portal_unavailable',
      description: `The portal's configuration could not be loaded (${response.status}).`,
    };
  config = (await response.json()) as PortalConfig;
  const issuer = new URL(config.issuer);
  server = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, requestOptions()));
  client = { client_id: config.client_id };
  if (location.pathname === '/portal/callback') return finishSignIn();
  // `/portal/?organization=org_…` (or its name) signs in to that organization; otherwise the
  // hosted login asks which one after sign-in.
  const organization = new URLSearchParams(location.search).get('organization') ?? undefined;
  await signIn(location.pathname, { organization });
  return { kind: 'redirecting' };
}

/** Sends the browser to the hosted login (authorization code + PKCE, organization login). */
export async function signIn(returnTo: string = HOME, options: { organization?: string; prompt?: 'login' } = {}): Promise<void> {
  const organization = options.organization ?? session?.organizationId;
  const pending: PendingSignIn = {
    verifier: oauth.generateRandomCodeVerifier(),
    state: oauth.generateRandomState(),
    nonce: oauth.generateRandomNonce(),
    returnTo: safeReturnPath(returnTo),
    ...(organization ? { organization } : {}),
  };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const url = new URL(server.authorization_endpoint!);
  url.search = new URLSearchParams({
    client_id: config.client_id,
    redirect_uri: config.redirect_uri,
    response_type: 'code',
    scope: ['openid', 'profile', 'email', ...config.scopes].join(' '),
    audience: config.audience,
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await oauth.calculatePKCECodeChallenge(pending.verifier),
    code_challenge_method: 'S256',
    ...(organization ? { organization } : {}),
    ...(options.prompt ? { prompt: options.prompt } : {}),
  }).toString();
  location.assign(url.toString());
}

/** Only paths inside the portal: a crafted link must not turn the callback into an open redirect. */
function safeReturnPath(path: string): string {
  return /^\/portal\/(?!callback)[^/\\]/.test(path) && !path.startsWith('//') ? path : HOME;
}

async function finishSignIn(): Promise<StartOutcome> {
  const stored = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  if (!stored) {
    await signIn();
    return { kind: 'redirecting' };
  }
  const pending = JSON.parse(stored) as PendingSignIn;
  try {
    const params = oauth.validateAuthResponse(server, client, new URL(location.href), pending.state);
    const response = await oauth.authorizationCodeGrantRequest(
      server,
      client,
      oauth.None(),
      params,
      config.redirect_uri,
      pending.verifier,
      requestOptions(),
    );
    const result = await oauth.processAuthorizationCodeResponse(server, client, response, {
      expectedNonce: pending.nonce,
      requireIdToken: true,
    });
    const claims = oauth.getValidatedIdTokenClaims(result)!;
    session = {
      accessToken: result.access_token,
      expiresAt: Date.now() + (result.expires_in ?? 0) * 1000,
      idToken: result.id_token,
      scopes: new Set((result.scope ?? '').split(' ').filter(Boolean)),
      organizationId: String(claims.org_id ?? ''),
      user: { sub: claims.sub, email: claims.email as string | undefined, name: claims.name as string | undefined },
    };
  } catch (error) {
    history.replaceState(null, '', '/portal/');
    if (error instanceof oauth.AuthorizationResponseError || error instanceof oauth.ResponseBodyError) {
      return { kind: 'error', error: error.error, description: error.error_description ?? 'The sign-in was refused.' };
    }
    return { kind: 'error', error: 'sign_in_failed', description: error instanceof Error ? error.message : String(error) };
  }
  history.replaceState(null, '', pending.returnTo);
  if (![...session.scopes].some((s) => config.scopes.includes(s))) {
    return {
      kind: 'error',
      error: 'no_access',
      description:
        'Your account holds no organization-admin permission here, so the portal has nothing to show you. Ask an administrator of your organization for a role with My Organization permissions.',
    };
  }
  return { kind: 'ready' };
}

/** The access token for /my-org/v1; when it has expired, signs in again and returns to this page. */
export async function accessToken(): Promise<string> {
  if (session && session.expiresAt - EXPIRY_MARGIN_MS > Date.now()) return session.accessToken;
  await signIn(location.pathname);
  return new Promise<string>(() => {}); // the page is navigating away
}

export function currentUser(): Session['user'] | undefined {
  return session?.user;
}

export function hasScope(scope: string): boolean {
  return session?.scopes.has(scope) ?? false;
}

/** Ends the session at the server too (RP-initiated logout). */
export function signOut(): void {
  const idToken = session?.idToken;
  session = undefined;
  const url = new URL(server.end_session_endpoint!);
  url.search = new URLSearchParams({
    client_id: config.client_id,
    post_logout_redirect_uri: `${config.issuer}/portal/`,
    ...(idToken ? { id_token_hint: idToken } : {}),
  }).toString();
  location.assign(url.toString());
}
