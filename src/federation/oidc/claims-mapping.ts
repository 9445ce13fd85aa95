import type { FederatedProfile } from '../profile.js';
import type { OidcSettings } from './settings.js';

/** Claims as the IdP asserted them: the validated ID token's, and userinfo's when it was fetched. */
export interface UpstreamClaims {
  idToken: Record<string, unknown>;
  userinfo?: Record<string, unknown>;
}

// Auth0's attribute_map templates: ${context.tokenset.id_token.<claim>} and ${context.userinfo.<claim>}.
const PLACEHOLDER = /\$\{context\.(tokenset\.id_token|userinfo)\.([^}]+)\}/g;
const WHOLE_PLACEHOLDER = /^\$\{context\.(tokenset\.id_token|userinfo)\.([^}]+)\}$/;

// JWT and session mechanics: not facts about the person, so not kept as profile attributes.
const PROTOCOL_CLAIMS = new Set([
  'iss',
  'aud',
  'exp',
  'iat',
  'nbf',
  'jti',
  'nonce',
  'at_hash',
  'c_hash',
  's_hash',
  'azp',
  'sid',
  'auth_time',
  'acr',
  'amr',
]);

function lookup(claims: UpstreamClaims, from: string, claim: string): unknown {
  return from === 'userinfo' ? claims.userinfo?.[claim] : claims.idToken[claim];
}

/** One mapped value: a bare claim name reads the ID token, then userinfo; a template reads what it names. */
export function resolveClaim(claims: UpstreamClaims, source: string): unknown {
  const whole = WHOLE_PLACEHOLDER.exec(source);
  if (whole) return lookup(claims, whole[1], whole[2]);
  if (source.includes('${')) {
    let found = false;
    const value = source.replace(PLACEHOLDER, (_, from: string, claim: string) => {
      const part = lookup(claims, from, claim);
      if (part === undefined || part === null) return '';
      found = true;
      return String(part);
    });
    return found ? value.trim() : undefined;
  }
  return claims.idToken[source] ?? claims.userinfo?.[source];
}

function asString(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number') return String(value);
  return undefined;
}

// Some IdPs send email_verified as the string "true" (OIDC Core §5.1 says boolean).
function asBoolean(value: unknown): boolean {
  return value === true || value === 'true';
}

// groups: an array of names (Okta, Keycloak), object ids (Entra) or one string.
function asGroups(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(asString).filter((group): group is string => group !== undefined);
  const one = asString(value);
  return one === undefined ? [] : [one];
}

/** True when the ID token alone leaves the mapped email empty, so userinfo must be asked. */
export function lacksEmail(settings: OidcSettings, claims: UpstreamClaims): boolean {
  return asString(resolveClaim(claims, settings.claims.email)) === undefined;
}

/** Maps upstream claims to the profile the provisioning rules consume. */
export function mapClaims(settings: OidcSettings, claims: UpstreamClaims): FederatedProfile {
  const resolve = (field: keyof OidcSettings['claims']) => resolveClaim(claims, settings.claims[field]);
  const subject = asString(claims.idToken[settings.subjectClaim]) ?? asString(claims.idToken.sub);
  const attributes: Record<string, unknown> = {};
  for (const [claim, value] of Object.entries({ ...claims.userinfo, ...claims.idToken })) {
    if (!PROTOCOL_CLAIMS.has(claim)) attributes[claim] = value;
  }
  const email = asString(resolve('email'))?.toLowerCase();
  // Standard claims (OIDC Core §5.1) social providers send; present only when asserted.
  const nickname = asString(resolveClaim(claims, 'nickname'));
  const picture = asString(resolveClaim(claims, 'picture'));
  return {
    ...(nickname ? { nickname } : {}),
    ...(picture ? { picture } : {}),
    // openid-client has already required `sub` in the ID token, so a subject always exists.
    subject: subject!,
    email,
    emailVerified: email !== undefined && asBoolean(resolve('email_verified')),
    name: asString(resolve('name')),
    givenName: asString(resolve('given_name')),
    familyName: asString(resolve('family_name')),
    groups: asGroups(resolve('groups')),
    attributes,
  };
}
