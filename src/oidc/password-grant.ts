import type Provider from 'oidc-provider';
import { errors, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { PASSWORD_REALM_GRANT } from '../domain/clients/clients.types.js';
import { DomainError } from '../domain/errors.js';
import type { Services } from '../domain/services.js';
import type { Clock } from '../domain/shared/clock.js';
import { createGrant } from './organization-grants.js';
import { requestedOrganization, requestedResource } from '../shared/authorization-params.js';
import { signInAttempt } from './token-events.js';

type FindAccount = NonNullable<Configuration['findAccount']>;
type GetResourceServerInfo = NonNullable<
  NonNullable<NonNullable<Configuration['features']>['resourceIndicators']>['getResourceServerInfo']
>;

const PARAMS = ['username', 'password', 'realm', 'scope', 'audience', 'resource', 'organization', 'org_code'];

/** An OAuth error answer with Auth0's code, description and status. */
function oauthError(code: string, description: string, status: number): Error {
  return Object.assign(new errors.CustomOIDCProviderError(code, description), { status, statusCode: status, expose: true });
}

/**
 * Auth0's answers for a refused password grant: the credentials sentence as `invalid_grant` with
 * 403, the throttle as `too_many_attempts` with 429, a blocked user as `unauthorized`.
 */
function toOAuthError(error: unknown): unknown {
  if (!(error instanceof DomainError) || !error.expose) return error;
  switch (error.code) {
    case 'invalid_credentials':
      return oauthError('invalid_grant', error.message, 403);
    case 'too_many_attempts':
      return oauthError('too_many_attempts', error.message, 429);
    case 'user_blocked':
      return oauthError('unauthorized', 'user is blocked', 401);
    case 'not_a_member':
      return oauthError('access_denied', error.message, 403);
    case 'database_unavailable':
      return error;
    default:
      return oauthError('invalid_request', error.message, 400);
  }
}

function param(ctx: KoaContextWithOIDC, name: string): string | undefined {
  const value = (ctx.oidc.params as Record<string, unknown>)[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Registers Auth0's resource owner password grants on /oauth/token. oidc-provider lets only the
 * applications that list the grant in `grant_types` use it and authenticates the client first;
 * the user is checked by the same service as the hosted login, and the tokens are minted as
 * oidc-provider mints them for a code (a grant bound to the organization, RBAC on the API's scopes).
 */
export function registerPasswordGrants(
  provider: Provider,
  deps: { services: Services; clock: Clock; getResourceServerInfo: GetResourceServerInfo; findAccount: FindAccount },
): void {
  const { services, clock, getResourceServerInfo, findAccount } = deps;
  for (const grantType of ['password', PASSWORD_REALM_GRANT] as const) {
    provider.registerGrantType(grantType, (ctx: KoaContextWithOIDC) => passwordGrant(ctx, grantType), PARAMS);
  }

  async function passwordGrant(ctx: KoaContextWithOIDC, grantType: string): Promise<void> {
    const client = ctx.oidc.client!;
    const username = param(ctx, 'username');
    const password = param(ctx, 'password');
    const realm = param(ctx, 'realm');
    if (!username || !password) throw new errors.InvalidRequest('username and password are required');
    if (grantType === PASSWORD_REALM_GRANT && !realm) throw new errors.InvalidRequest('missing required parameter realm');
    const application = await services.clients.find(client.clientId);
    if (!application) throw new errors.InvalidClient('client not found');

    let login: Awaited<ReturnType<Services['signIn']['authenticateForPasswordGrant']>>;
    try {
      login = await services.signIn.authenticateForPasswordGrant({
        client: application,
        email: username,
        password,
        realm: grantType === PASSWORD_REALM_GRANT ? realm : undefined,
        organization: requestedOrganization(ctx.oidc.params as Record<string, unknown>),
        attempt: signInAttempt(ctx, application),
      });
    } catch (error) {
      throw toOAuthError(error);
    }

    const scope = param(ctx, 'scope') ?? 'openid';
    const scopes = new Set(scope.split(' '));
    const resource = requestedResource(ctx.oidc.params as Record<string, unknown>);
    const grantId = await createGrant(provider, services.signIn, {
      accountId: login.userId,
      clientId: client.clientId,
      scope,
      resource,
      organizationId: login.organizationId,
      connectionId: login.connection.id,
    });
    const grant = (await provider.Grant.find(grantId))!;
    const account = await findAccount(ctx, login.userId);
    if (!account) throw new errors.InvalidGrant('account not found');
    ctx.oidc.entity('Grant', grant);
    ctx.oidc.entity('Account', account);
    const authTime = Math.floor(clock.now().getTime() / 1000);

    const at = new provider.AccessToken({ accountId: login.userId, client, grantId, gty: 'password' });
    if (resource) {
      at.resourceServer = new provider.ResourceServer(resource, await getResourceServerInfo(ctx, resource, client));
      at.scope = grant.getResourceScopeFiltered(
        resource,
        [...scopes].filter((s) => at.resourceServer!.scopes.has(s)),
      );
    } else {
      at.scope = grant.getOIDCScopeFiltered(scopes);
    }
    ctx.oidc.entity('AccessToken', at);
    const accessToken = await at.save();

    let refreshToken: string | undefined;
    if (scopes.has('offline_access') && client.grantTypeAllowed('refresh_token')) {
      const rt = new provider.RefreshToken({
        accountId: login.userId,
        amr: ['pwd'],
        authTime,
        client,
        grantId,
        gty: 'password',
        resource,
        rotations: 0,
        scope: grant.getOIDCScopeFiltered(scopes),
      });
      ctx.oidc.entity('RefreshToken', rt);
      refreshToken = await rt.save();
    }

    let idToken: string | undefined;
    if (scopes.has('openid')) {
      const token = new provider.IdToken(
        { ...(await account.claims('id_token', scope, {}, [])), amr: ['pwd'], auth_time: authTime },
        { ctx },
      );
      // oidc-provider filters the ID token's claims by this scope when it issues it.
      (token as unknown as { scope: string }).scope = grant.getOIDCScopeFiltered(scopes);
      idToken = await token.issue({ use: 'idtoken' });
    }

    ctx.body = {
      access_token: accessToken,
      ...(refreshToken ? { refresh_token: refreshToken } : {}),
      ...(idToken ? { id_token: idToken } : {}),
      scope: at.scope,
      expires_in: at.expiration,
      token_type: at.tokenType,
    };
  }
}
