import * as oauth from 'oauth4webapi';

/** What the server tells a page of the build about itself (GET <base>/config.json). */
export interface PageConfig {
  issuer: string;
  client_id: string;
  /** The API the page calls (`audience` at the hosted login). */
  audience: string;
  redirect_uri: string;
  scopes: string[];
}

interface Session {
  accessToken: string;
  expiresAt: number;
  idToken?: string;
  scopes: Set<string>;
  /** When the user last proved who they are (the ID token's `auth_time`, epoch seconds). */
  authTime?: number;
  /** The organization signed in to (`org_id`), when the login was an organization login. */
  organizationId?: string;
  user: { email?: string; name?: string; sub: string };
}

/** Kept across the redirect to the hosted login only; removed as soon as the callback is handled. */
interface PendingSignIn {
  verifier: string;
  state: string;
  nonce: string;
  returnTo: string;
}

export type StartOutcome = { kind: 'ready' } | { kind: 'redirecting' } | { kind: 'error'; error: string; description: string };

export interface SignInOptions {
  /** Asks the hosted login for this organization (an id or a name). */
  organization?: string;
  /** `login` asks for the credentials again even while the login session lasts. */
  prompt?: 'login';
  /** OIDC `max_age`: 0 makes the user re-authenticate now (a fresh `auth_time`). */
  maxAge?: number;
}

export interface SessionOptions {
  /** Where the page lives: `/console`, `/portal`, `/account`. Its callback is `<base>/callback`. */
  base: string;
  /** Where a sign-in without a page to return to lands. */
  home: string;
  /** The name in error codes and messages: `console` → `console_unavailable`, "The console's …". */
  product: string;
  /** Shown when the token carries none of the page's scopes. */
  noAccess: string;
  /** Organization logins: `<base>/?organization=…` signs in to that one; renewals stay in it. */
  organizations?: boolean;
}

/** Tokens are renewed this long before they expire, so a request never starts with a dying token. */
const EXPIRY_MARGIN_MS = 30_000;

/**
 * A page's sign-in: authorization code + PKCE at the hosted login, as a public client, for the
 * API and scopes its config.json names. Every page of the console's build (console, portal,
 * account) makes one with its base path.
 */
export function createSession(options: SessionOptions) {
  const { base, home, product } = options;
  const pendingKey = `gatehouse${base.replaceAll('/', '.')}.sign-in`;
  // Tokens live in memory only: nothing for a script on another page (or a stolen disk) to read. A
  // reload goes back through the hosted login, which returns at once while its session lasts.
  let session: Session | undefined;
  let config: PageConfig;
  let server: oauth.AuthorizationServer;
  let client: oauth.Client;

  function requestOptions(): { [oauth.allowInsecureRequests]?: boolean } {
    // Plain HTTP is for a laptop (`npm start`); a deployment's issuer is HTTPS.
    return config.issuer.startsWith('http://') ? { [oauth.allowInsecureRequests]: true } : {};
  }

  // `base` is one of the build's fixed page paths (letters and a slash): nothing to escape.
  const insidePage = new RegExp(`^${base}/(?!callback)[^/\\\\]`);
  /** Only paths inside the page: a crafted link must not turn the callback into an open redirect. */
  function safeReturnPath(path: string): string {
    return insidePage.test(path) && !path.startsWith('//') ? path : home;
  }

  /** Sends the browser to the hosted login, to come back to `returnTo`. */
  async function signIn(returnTo: string = home, signInOptions: SignInOptions = {}): Promise<void> {
    const organization = options.organizations ? (signInOptions.organization ?? session?.organizationId) : undefined;
    const pending: PendingSignIn = {
      verifier: oauth.generateRandomCodeVerifier(),
      state: oauth.generateRandomState(),
      nonce: oauth.generateRandomNonce(),
      returnTo: safeReturnPath(returnTo),
    };
    sessionStorage.setItem(pendingKey, JSON.stringify(pending));
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
      ...(signInOptions.prompt ? { prompt: signInOptions.prompt } : {}),
      ...(signInOptions.maxAge !== undefined ? { max_age: String(signInOptions.maxAge) } : {}),
    }).toString();
    location.assign(url.toString());
  }

  async function finishSignIn(): Promise<StartOutcome> {
    const stored = sessionStorage.getItem(pendingKey);
    sessionStorage.removeItem(pendingKey);
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
        authTime: typeof claims.auth_time === 'number' ? claims.auth_time : undefined,
        organizationId: typeof claims.org_id === 'string' ? claims.org_id : undefined,
        user: { sub: claims.sub, email: claims.email as string | undefined, name: claims.name as string | undefined },
      };
    } catch (error) {
      history.replaceState(null, '', `${base}/`);
      if (error instanceof oauth.AuthorizationResponseError || error instanceof oauth.ResponseBodyError) {
        return { kind: 'error', error: error.error, description: error.error_description ?? 'The sign-in was refused.' };
      }
      return { kind: 'error', error: 'sign_in_failed', description: error instanceof Error ? error.message : String(error) };
    }
    history.replaceState(null, '', pending.returnTo);
    if (![...session.scopes].some((s) => config.scopes.includes(s))) {
      return { kind: 'error', error: 'no_access', description: options.noAccess };
    }
    return { kind: 'ready' };
  }

  return {
    /** Loads the configuration and discovery, then either finishes a sign-in or starts one. */
    async startSession(): Promise<StartOutcome> {
      const response = await fetch(`${base}/config.json`, { headers: { accept: 'application/json' } });
      if (!response.ok)
        return {
          kind: 'error',
          error: `${product}_unavailable`,
          description: `The ${product}'s configuration could not be loaded (${response.status}).`,
        };
      config = (await response.json()) as PageConfig;
      const issuer = new URL(config.issuer);
      server = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, requestOptions()));
      client = { client_id: config.client_id };
      if (location.pathname === `${base}/callback`) return finishSignIn();
      if (options.organizations) {
        // `<base>/?organization=org_…` (or its name) signs in to that organization; otherwise the
        // hosted login asks which one after sign-in.
        const organization = new URLSearchParams(location.search).get('organization') ?? undefined;
        await signIn(location.pathname, { organization });
      } else {
        await signIn(location.pathname + location.search);
      }
      return { kind: 'redirecting' };
    },

    signIn,

    /** The access token for the page's API; when it has expired, signs in again and returns to this page. */
    async accessToken(): Promise<string> {
      if (session && session.expiresAt - EXPIRY_MARGIN_MS > Date.now()) return session.accessToken;
      await signIn(location.pathname + location.search);
      return new Promise<string>(() => {}); // the page is navigating away
    },

    currentUser(): Session['user'] | undefined {
      return session?.user;
    },

    /** Seconds since the user last proved who they are, or undefined when the login did not say. */
    secondsSinceAuthentication(): number | undefined {
      return session?.authTime === undefined ? undefined : Math.floor(Date.now() / 1000) - session.authTime;
    },

    hasScope(scope: string): boolean {
      return session?.scopes.has(scope) ?? false;
    },

    config(): PageConfig {
      return config;
    },

    /** Ends the session at the server too (RP-initiated logout), then lands on the page's start. */
    signOut(): void {
      const idToken = session?.idToken;
      session = undefined;
      const url = new URL(server.end_session_endpoint!);
      url.search = new URLSearchParams({
        client_id: config.client_id,
        post_logout_redirect_uri: `${config.issuer}${base}/`,
        ...(idToken ? { id_token_hint: idToken } : {}),
      }).toString();
      location.assign(url.toString());
    },
  };
}

export type PageSession = ReturnType<typeof createSession>;
