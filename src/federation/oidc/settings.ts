import { DomainError } from '../../domain/errors.js';
import type { Connection } from '../../domain/connections/connections.types.js';
import type { UpstreamParams } from '../upstream-params.js';

/**
 * Strategies this module signs in with: generic OpenID Connect, Okta, Microsoft Entra ID (`waad`),
 * and the Google social connection (`google-oauth2`), which is OpenID Connect with Google's discovery.
 */
export const OIDC_STRATEGIES = ['oidc', 'okta', 'waad', 'google-oauth2'] as const;
export type OidcStrategy = (typeof OIDC_STRATEGIES)[number];

/** Scope requested when the connection names none (OIDC Core §5.4). */
export const DEFAULT_SCOPE = 'openid profile email';

/** Profile fields a connection may map from IdP claims. */
export const MAPPED_FIELDS = ['email', 'email_verified', 'name', 'given_name', 'family_name', 'groups'] as const;
export type MappedField = (typeof MAPPED_FIELDS)[number];

/**
 * Where each profile field comes from. A value is either a bare claim name (`upn`) or Auth0's
 * `attribute_map` template (`${context.tokenset.id_token.upn}`, `${context.userinfo.groups}`).
 */
export type ClaimsMapping = Record<MappedField, string>;

/** A connection's upstream OIDC settings, read and checked once per login. */
export interface OidcSettings {
  connectionId: string;
  connectionName: string;
  strategy: OidcStrategy;
  /** The issuer (discovery appends /.well-known/…, issuer checked) or the discovery document itself. */
  discoveryUrl: URL;
  clientId: string;
  clientSecret: string;
  scope: string;
  claims: ClaimsMapping;
  /** Entra's `sub` is pairwise per application; its `oid` is the user's stable id across applications. */
  subjectClaim: string;
  /** Auth0's `upstream_params` (social connections): extra authorization request parameters. */
  upstreamParams?: UpstreamParams;
}

/** Where providers that are not configured per connection live; `google-oauth2` reads its discovery document here. */
export interface OidcProviderDefaults {
  /** Google's discovery document (config `social.googleDiscoveryUrl`). */
  googleDiscoveryUrl: string;
}

/** The real Google: what `GATEHOUSE_GOOGLE_DISCOVERY_URL` defaults to. */
export const GOOGLE_DISCOVERY_URL = 'https://accounts.google.com/.well-known/openid-configuration';

const DEFAULT_CLAIMS: ClaimsMapping = {
  email: 'email',
  email_verified: 'email_verified',
  name: 'name',
  given_name: 'given_name',
  family_name: 'family_name',
  groups: 'groups',
};

function isOidcStrategy(strategy: string): strategy is OidcStrategy {
  return (OIDC_STRATEGIES as readonly string[]).includes(strategy);
}

function misconfigured(connection: Connection, what: string): never {
  throw new DomainError(
    'idp_misconfigured',
    `The connection "${connection.name}" is missing its ${what}. An administrator must complete the connection's settings.`,
  );
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function parseUrl(connection: Connection, key: string, value: string): URL {
  try {
    return new URL(value);
  } catch (cause) {
    throw new DomainError('idp_misconfigured', `The connection "${connection.name}" has an invalid ${key}: ${value}.`, { cause });
  }
}

/** The discovery location: `discovery_url`, else `issuer`, else what the strategy implies. */
function discoveryUrlOf(connection: Connection, strategy: OidcStrategy, defaults: OidcProviderDefaults): URL {
  const { options } = connection;
  // Google is one provider for every tenant, as in Auth0: its location is server configuration, not a connection option.
  if (strategy === 'google-oauth2') return new URL(defaults.googleDiscoveryUrl);
  const discovery = text(options.discovery_url);
  if (discovery) return parseUrl(connection, 'discovery_url', discovery);
  const issuer = text(options.issuer);
  if (issuer) return parseUrl(connection, 'issuer', issuer);
  if (strategy === 'waad') {
    const tenant = text(options.tenant_domain) ?? misconfigured(connection, 'tenant_domain');
    return parseUrl(
      connection,
      'tenant_domain',
      `https://login.microsoftonline.com/${encodeURIComponent(tenant)}/v2.0/.well-known/openid-configuration`,
    );
  }
  if (strategy === 'okta') {
    const domain = text(options.domain) ?? misconfigured(connection, 'domain, issuer or discovery_url');
    // Okta's org authorization server; a custom one is named by `issuer`.
    return parseUrl(connection, 'domain', `https://${domain}/.well-known/openid-configuration`);
  }
  return misconfigured(connection, 'discovery_url or issuer');
}

/**
 * Auth0 keeps claim mappings in `options.attribute_map.attributes` (mapping_mode `use_map`); only the
 * fields Gatehouse maps are read, the rest keep their defaults.
 */
function claimsOf(connection: Connection): ClaimsMapping {
  const map = connection.options.attribute_map;
  const attributes = map && typeof map === 'object' ? (map as { attributes?: unknown }).attributes : undefined;
  const claims = { ...DEFAULT_CLAIMS };
  if (!attributes || typeof attributes !== 'object') return claims;
  for (const field of MAPPED_FIELDS) {
    const source = text((attributes as Record<string, unknown>)[field]);
    if (source) claims[field] = source;
  }
  return claims;
}

/** Auth0's social connections keep `scope` as an array of strings; enterprise ones as one string. */
function scopeText(value: unknown): string | undefined {
  if (Array.isArray(value)) return text(value.filter((item) => typeof item === 'string').join(' '));
  return text(value);
}

/** The configured scope, with `openid` added: without it the IdP returns no ID token (OIDC Core §3.1.2.1). */
function scopeOf(configured: string | undefined): string {
  const scopes = (configured ?? DEFAULT_SCOPE).split(/\s+/).filter(Boolean);
  return scopes.includes('openid') ? scopes.join(' ') : ['openid', ...scopes].join(' ');
}

/** Reads a connection's upstream OIDC settings; throws `idp_misconfigured` when one is missing. */
export function readOidcSettings(
  connection: Connection,
  defaults: OidcProviderDefaults = { googleDiscoveryUrl: GOOGLE_DISCOVERY_URL },
): OidcSettings {
  const { strategy, options } = connection;
  if (!isOidcStrategy(strategy)) {
    throw new DomainError(
      'operation_not_supported',
      `The connection "${connection.name}" (strategy ${strategy}) is not an OpenID Connect connection.`,
    );
  }
  return {
    connectionId: connection.id,
    connectionName: connection.name,
    strategy,
    discoveryUrl: discoveryUrlOf(connection, strategy, defaults),
    clientId: text(options.client_id) ?? misconfigured(connection, 'client_id'),
    clientSecret: text(options.client_secret) ?? misconfigured(connection, 'client_secret'),
    scope: scopeOf(scopeText(options.scope)),
    claims: claimsOf(connection),
    subjectClaim: strategy === 'waad' ? 'oid' : 'sub',
    upstreamParams: options.upstream_params as UpstreamParams | undefined,
  };
}
