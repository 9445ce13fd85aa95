import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Client } from '../domain/clients/clients.types.js';
import type { Services } from '../domain/services.js';
import type { SignInAttempt } from '../domain/sign-in/sign-in-events.js';

/**
 * Where an oidc-provider request comes from. @fastify/middie hands over Fastify's request.ip, which
 * honours the trust-proxy setting.
 */
export function signInAttempt(ctx: KoaContextWithOIDC, client?: Pick<Client, 'client_id' | 'name'>): SignInAttempt {
  const userAgent = ctx.get('user-agent');
  return {
    ip: (ctx.req as { ip?: string }).ip ?? ctx.ip,
    ...(userAgent ? { userAgent } : {}),
    ...(client ? { client: { client_id: client.client_id, name: client.name } } : {}),
  };
}

/** The slice of an oidc-provider token or code the events read: never its value. */
interface Issued {
  accountId?: string;
  grantId?: string;
  scope?: string;
  resourceServer?: { audience?: string };
}

type Entities = Partial<Record<'AccessToken' | 'ClientCredentials' | 'RefreshToken' | 'AuthorizationCode', Issued>> & {
  Grant?: { jti: string };
};

/** What an OAuth error says (its code and description), never the request it refused. */
function oauthError(error: unknown): { error: string; description?: string } {
  const { error: code, error_description: description } = error as { error?: unknown; error_description?: unknown };
  return { error: typeof code === 'string' ? code : 'server_error', ...(typeof description === 'string' ? { description } : {}) };
}

function param(ctx: KoaContextWithOIDC, name: string): string | undefined {
  const value = (ctx.oidc.params as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Each request's event writes, awaited before its response goes out (a write that fails is reported, never thrown). */
const pending = new WeakMap<object, Promise<unknown>[]>();

/**
 * Records what oidc-provider's own events say happened (docs: oidc-provider's events): token
 * exchanges (`grant.success` / `grant.error`), silent and session logins (`authorization.success` /
 * `authorization.error`), logout (`end_session.success`), through `signIn.protocolEvents`. The
 * listeners start the write inside the request; a middleware waits for it, so the client never
 * sees tokens whose event is not stored. Application names come from the configuration cache, and
 * a client-credentials token adds one insert and no read.
 */
export function recordProtocolEvents(provider: Provider, services: Services): void {
  const outcomes = services.signIn.protocolEvents;

  function track(ctx: KoaContextWithOIDC, write: () => Promise<void>): void {
    const list = pending.get(ctx) ?? [];
    // Never a rejected promise left waiting: the outcome is the error, reported by the middleware.
    list.push(write().then(undefined, (error: unknown) => ({ failed: error })));
    pending.set(ctx, list);
  }

  async function attempt(ctx: KoaContextWithOIDC): Promise<SignInAttempt> {
    const clientId = ctx.oidc.client?.clientId ?? param(ctx, 'client_id');
    return signInAttempt(ctx, clientId ? await services.clients.find(clientId) : undefined);
  }

  async function organizationOf(grantId: string | undefined): Promise<string | undefined> {
    return grantId ? (await services.signIn.organizationOfGrant(grantId))?.id : undefined;
  }

  provider.on('grant.success', (ctx: KoaContextWithOIDC) =>
    track(ctx, async () => {
      const entities = ctx.oidc.entities as Entities;
      const issued = entities.AccessToken ?? entities.ClientCredentials;
      const userId = issued?.accountId;
      await outcomes.tokenExchange(await attempt(ctx), {
        grantType: param(ctx, 'grant_type') ?? '',
        clientAuthenticated: true,
        userId,
        organizationId: userId ? await organizationOf(issued?.grantId) : undefined,
        audience: issued?.resourceServer?.audience,
        scope: issued?.scope,
      });
    }),
  );

  provider.on('grant.error', (ctx: KoaContextWithOIDC, error: unknown) =>
    track(ctx, async () => {
      const entities = ctx.oidc.entities as Entities;
      await outcomes.tokenExchange(await attempt(ctx), {
        grantType: param(ctx, 'grant_type') ?? '',
        clientAuthenticated: ctx.oidc.client !== undefined,
        userId: (entities.AuthorizationCode ?? entities.RefreshToken)?.accountId,
        username: param(ctx, 'username'),
        error: oauthError(error),
      });
    }),
  );

  // The hosted login records its own sign-ins; these are the answers given without a page.
  const fromSession = (ctx: KoaContextWithOIDC) => ctx.oidc.route === 'authorization';
  // Read from the parameters: oidc-provider's `prompts` throws before they are parsed.
  const silent = (ctx: KoaContextWithOIDC) => (param(ctx, 'prompt') ?? '').split(' ').includes('none');

  provider.on('authorization.success', (ctx: KoaContextWithOIDC) => {
    if (!fromSession(ctx)) return;
    track(ctx, async () => {
      const grantId = (ctx.oidc.entities as Entities).Grant?.jti;
      await outcomes.sessionAuthorization(await attempt(ctx), {
        silent: silent(ctx),
        userId: ctx.oidc.session?.accountId,
        organizationId: await organizationOf(grantId),
      });
    });
  });

  provider.on('authorization.error', (ctx: KoaContextWithOIDC, error: unknown) => {
    if (!fromSession(ctx) || !silent(ctx)) return;
    track(ctx, async () => {
      await outcomes.sessionAuthorization(await attempt(ctx), {
        silent: true,
        userId: ctx.oidc.session?.accountId,
        error: oauthError(error),
      });
    });
  });

  provider.on('end_session.success', (ctx: KoaContextWithOIDC) =>
    track(ctx, async () => {
      await outcomes.logout(await attempt(ctx), { userId: ctx.oidc.session?.accountId });
    }),
  );

  provider.use(async (ctx, next) => {
    await next();
    const list = pending.get(ctx);
    if (!list) return;
    pending.delete(ctx);
    for (const outcome of await Promise.all(list)) {
      if (outcome && typeof outcome === 'object' && 'failed' in outcome) ctx.app.emit('error', outcome.failed, ctx);
    }
  });
}
