import { invalidInput } from '../errors.js';
import type { AppType, AuthMethod, Client, GrantType } from './clients.types.js';
import { checkOrganizationPlaceholder } from './organization-urls.js';

/** Auth0's default grant types for each application type (no type behaves as a regular web app). */
export function defaultGrantTypes(appType: AppType | undefined): GrantType[] {
  switch (appType) {
    case 'non_interactive':
      return ['client_credentials'];
    case 'spa':
    case 'native':
      return ['authorization_code', 'refresh_token'];
    default:
      return ['authorization_code', 'refresh_token', 'client_credentials'];
  }
}

/** Public clients (browser and native apps) cannot keep a secret, so they authenticate with `none`. */
export function defaultAuthMethod(appType: AppType | undefined): AuthMethod {
  return appType === 'spa' || appType === 'native' ? 'none' : 'client_secret_post';
}

/** A 400 naming the property and the rule it broke. */
export function invalid(property: string, rule: string): never {
  invalidInput(property, rule);
}

// OAuth 2.0 Security BCP §4.1.3 and DESIGN.md: redirect URIs match exactly, so no wildcards (only Auth0's
// organization placeholder, see organization-urls.ts); RFC 6749 §3.1.2: no fragment.
function checkExactUris(property: string, uris: string[]): void {
  for (const uri of uris) {
    if (uri.includes('*')) invalid(property, `Wildcards are not allowed, URLs must match exactly: ${uri}`);
    if (uri.includes('#')) invalid(property, `URLs must not contain a fragment: ${uri}`);
    checkOrganizationPlaceholder(property, uri);
  }
}

/** Cross-field rules on the complete (created or merged) client. */
export function checkClient(
  client: Pick<Client, 'callbacks' | 'allowed_logout_urls' | 'grant_types' | 'token_endpoint_auth_method' | 'client_metadata'>,
  maxMetadataKeys: number,
): void {
  checkExactUris('callbacks', client.callbacks);
  checkExactUris('allowed_logout_urls', client.allowed_logout_urls);
  // RFC 6749 §4.4: the client credentials grant is for confidential clients only.
  if (client.token_endpoint_auth_method === 'none' && client.grant_types.includes('client_credentials')) {
    invalid('token_endpoint_auth_method', "A client using 'none' cannot use the client_credentials grant");
  }
  const keys = Object.keys(client.client_metadata).length;
  if (keys > maxMetadataKeys) invalid('client_metadata', `Too many properties (${keys}), maximum ${maxMetadataKeys}`);
}

/** Applies a metadata patch: a key set to null is removed (Auth0). */
export function mergeMetadata(current: Record<string, string>, patch: Record<string, string | null> | undefined): Record<string, string> {
  if (!patch) return current;
  const merged = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}
