import { DomainError } from '../../domain/errors.js';
import type { Connection } from '../../domain/connections/connections.types.js';
import type { UpstreamParams } from '../upstream-params.js';

/** The real GitHub: what `GATEHOUSE_GITHUB_URL` and `GATEHOUSE_GITHUB_API_URL` default to. */
export const GITHUB_URL = 'https://github.com';
export const GITHUB_API_URL = 'https://api.github.com';

/**
 * The scope every GitHub login needs: `GET /user/emails` answers only with it, and only a verified
 * primary email from there is taken as the user's email.
 */
export const REQUIRED_SCOPE = 'user:email';

/** Where GitHub lives: its web host (authorize, token) and its REST API. */
export interface GithubEndpoints {
  webUrl: string;
  apiUrl: string;
}

/** A github connection's settings, read and checked once per login. */
export interface GithubSettings {
  connectionId: string;
  connectionName: string;
  clientId: string;
  clientSecret: string;
  /** Space-separated, `user:email` always included. */
  scope: string;
  /** Auth0's `upstream_params`: extra authorization request parameters (GitHub's `login`, `allow_signup`…). */
  upstreamParams?: UpstreamParams;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function misconfigured(connection: Connection, what: string): never {
  throw new DomainError(
    'idp_misconfigured',
    `The connection "${connection.name}" is missing its ${what}. An administrator must complete the connection's settings.`,
  );
}

/** Auth0 keeps a social connection's `scope` as an array of strings; one space-separated string works too. */
function scopeOf(value: unknown): string {
  const configured = Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : (text(value) ?? '').split(/[\s,]+/);
  const scopes = [...new Set(configured.map((item) => item.trim()).filter(Boolean))];
  return (scopes.includes(REQUIRED_SCOPE) ? scopes : [REQUIRED_SCOPE, ...scopes]).join(' ');
}

/** Reads a github connection's OAuth app credentials; throws `idp_misconfigured` when one is missing. */
export function readGithubSettings(connection: Connection): GithubSettings {
  if (connection.strategy !== 'github') {
    throw new DomainError(
      'operation_not_supported',
      `The connection "${connection.name}" (strategy ${connection.strategy}) is not a GitHub connection.`,
    );
  }
  return {
    connectionId: connection.id,
    connectionName: connection.name,
    clientId: text(connection.options.client_id) ?? misconfigured(connection, 'client_id'),
    clientSecret: text(connection.options.client_secret) ?? misconfigured(connection, 'client_secret'),
    scope: scopeOf(connection.options.scope),
    upstreamParams: connection.options.upstream_params as UpstreamParams | undefined,
  };
}
