import { invalidInput } from '../errors.js';
import type { ConnectionOptions, Strategy } from './connections.types.js';
import { MAX_PASSWORD_LENGTH, PASSWORD_POLICIES } from '../users/password-policy.js';

/** How one option key is checked. `secret` keys are write-only: stored, never returned. */
type Rule =
  | { kind: 'string'; maxLength: number; secret?: boolean; url?: boolean; values?: readonly string[]; nullable?: boolean }
  | { kind: 'boolean' }
  | { kind: 'integer'; minimum: number; maximum: number }
  | { kind: 'object'; fields: Record<string, Rule> }
  | { kind: 'domains' }
  | { kind: 'strings'; maxItems: number; maxLength: number }
  | { kind: 'stringMap'; maxKeys: number; maxLength: number }
  | { kind: 'attributeMap' }
  | { kind: 'scope' }
  | { kind: 'upstreamParams' }
  | { kind: 'ignored' };

const MAX_DOMAIN_ALIASES = 100;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const URL_PATTERN = /^https?:\/\/\S+$/;

const str = (maxLength: number) => ({ kind: 'string', maxLength }) as const;
const url = { kind: 'string', maxLength: 2048, url: true } as const;
const secret = { kind: 'string', maxLength: 1024, secret: true } as const;
const bool = { kind: 'boolean' } as const;

const COMMON: Record<string, Rule> = {
  domain_aliases: { kind: 'domains' },
  is_create_missing_user: bool,
  is_trusted: bool,
};

// Auth0's claim mapping for OIDC connections: `{ mapping_mode, userinfo_scope, attributes: {field: claim} }`.
const ATTRIBUTE_MAP = { kind: 'attributeMap' } as const;
const MAPPING_MODES = ['use_map', 'bind_all', 'basic_profile'];

const OIDC: Record<string, Rule> = {
  attribute_map: ATTRIBUTE_MAP,
  discovery_url: url,
  issuer: url,
  client_id: str(255),
  client_secret: secret,
  scope: str(1024),
  type: { kind: 'string', maxLength: 20, values: ['front_channel', 'back_channel'] },
  authorization_endpoint: url,
  token_endpoint: url,
  userinfo_endpoint: url,
  jwks_uri: url,
};

// Auth0's social options: the provider app's credentials, `scope` as an array (a string works too),
// and the `email`/`profile` attribute switches, kept as given (Gatehouse always asks for both).
const SOCIAL: Record<string, Rule> = {
  client_id: str(255),
  client_secret: secret,
  scope: { kind: 'scope' },
  email: bool,
  profile: bool,
  upstream_params: { kind: 'upstreamParams' },
};

// Auth0's upstream_params: `{name: {value}}` or `{name: {alias}}`, an alias naming one of these /authorize parameters.
const UPSTREAM_ALIASES = [
  'acr_values',
  'audience',
  'client_id',
  'display',
  'id_token_hint',
  'login_hint',
  'max_age',
  'prompt',
  'resource',
  'response_mode',
  'response_type',
  'ui_locales',
];
// What the protocol itself sends: an upstream parameter may not replace it.
const PROTOCOL_PARAMS = [
  'client_id',
  'redirect_uri',
  'response_type',
  'scope',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
];

/** The IdP settings each strategy accepts besides the common keys. */
const BY_STRATEGY: Record<Strategy, Record<string, Rule>> = {
  auth0: {
    // null is Auth0's "no level": the key is dropped and Gatehouse's 8-character rule applies.
    passwordPolicy: { kind: 'string', maxLength: 20, values: PASSWORD_POLICIES, nullable: true },
    requires_username: bool,
    // Auth0's "Disable Sign Ups": only the Management API (or an admin) creates users here.
    disable_signup: bool,
    password_complexity_options: { kind: 'object', fields: { min_length: { kind: 'integer', minimum: 1, maximum: MAX_PASSWORD_LENGTH } } },
    password_history: { kind: 'object', fields: { enable: bool, size: { kind: 'integer', minimum: 1, maximum: 24 } } },
    password_no_personal_info: { kind: 'object', fields: { enable: bool } },
    password_dictionary: { kind: 'object', fields: { enable: bool, dictionary: { kind: 'strings', maxItems: 2000, maxLength: 50 } } },
  },
  samlp: {
    signInEndpoint: url,
    signOutEndpoint: url,
    metadataUrl: url,
    signingCert: str(16384),
    metadataXml: str(262144),
    entityId: str(1024),
    signatureAlgorithm: { kind: 'string', maxLength: 20, values: ['rsa-sha256', 'rsa-sha512'] },
    digestAlgorithm: { kind: 'string', maxLength: 20, values: ['sha256', 'sha512'] },
    protocolBinding: {
      kind: 'string',
      maxLength: 100,
      values: ['urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect', 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST'],
    },
    user_id_attribute: str(255),
    // Several certificates let an IdP rotate its signing key without an outage.
    signingCerts: { kind: 'strings', maxItems: 5, maxLength: 16384 },
    // Profile field → IdP attribute name (Auth0 calls it fieldsMap).
    attributeMapping: { kind: 'stringMap', maxKeys: 20, maxLength: 1024 },
    fieldsMap: { kind: 'stringMap', maxKeys: 20, maxLength: 1024 },
    // Accepted so Auth0 payloads load, never stored: IdP-initiated SAML is always refused (DESIGN.md).
    idpinitiated: { kind: 'ignored' },
  },
  oidc: OIDC,
  okta: { ...OIDC, domain: str(253) },
  waad: { tenant_domain: str(253), client_id: str(255), client_secret: secret, attribute_map: ATTRIBUTE_MAP },
  'google-oauth2': SOCIAL,
  github: SOCIAL,
};

function invalid(key: string, rule: string): never {
  invalidInput(`options.${key}`, rule);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (Number.isInteger(value)) return 'integer';
  return typeof value;
}

function checkDomains(key: string, value: unknown): string[] {
  if (!Array.isArray(value)) invalid(key, `Expected type array but found type ${typeName(value)}`);
  if (value.length > MAX_DOMAIN_ALIASES) invalid(key, `Array is too long (${value.length}), maximum ${MAX_DOMAIN_ALIASES}`);
  const domains = value.map((item, i) => {
    if (typeof item !== 'string') invalid(`${key}.${i}`, `Expected type string but found type ${typeName(item)}`);
    const domain = item.toLowerCase();
    if (!DOMAIN.test(domain)) invalid(`${key}.${i}`, `String is not a valid domain name: ${item}`);
    return domain;
  });
  return [...new Set(domains)];
}

function checkValue(key: string, rule: Rule, value: unknown): unknown {
  switch (rule.kind) {
    case 'boolean':
      if (typeof value !== 'boolean') invalid(key, `Expected type boolean but found type ${typeName(value)}`);
      return value;
    case 'integer':
      if (!Number.isInteger(value)) invalid(key, `Expected type integer but found type ${typeName(value)}`);
      if ((value as number) < rule.minimum) invalid(key, `Value ${String(value)} is less than minimum ${rule.minimum}`);
      if ((value as number) > rule.maximum) invalid(key, `Value ${String(value)} is greater than maximum ${rule.maximum}`);
      return value;
    case 'object': {
      if (value === null || typeof value !== 'object' || Array.isArray(value))
        invalid(key, `Expected type object but found type ${typeName(value)}`);
      const given = value as Record<string, unknown>;
      const unknownKeys = Object.keys(given).filter((k) => !(k in rule.fields));
      if (unknownKeys.length > 0) invalid(key, `Additional properties not allowed: ${unknownKeys.join(', ')}`);
      return Object.fromEntries(Object.entries(given).map(([name, item]) => [name, checkValue(`${key}.${name}`, rule.fields[name], item)]));
    }
    case 'domains':
      return checkDomains(key, value);
    case 'ignored':
      return undefined;
    case 'upstreamParams': {
      if (value === null || typeof value !== 'object' || Array.isArray(value))
        invalid(key, `Expected type object but found type ${typeName(value)}`);
      const entries = Object.entries(value as Record<string, unknown>);
      if (entries.length > 20) invalid(key, `Too many properties (${entries.length}), maximum 20`);
      for (const [name, rule] of entries) {
        if (PROTOCOL_PARAMS.includes(name)) invalid(`${key}.${name}`, `${name} is set by the protocol and cannot be overridden`);
        if (rule === null || typeof rule !== 'object' || Array.isArray(rule))
          invalid(`${key}.${name}`, `Expected type object but found type ${typeName(rule)}`);
        const given = rule as Record<string, unknown>;
        const keys = Object.keys(given);
        if (keys.length !== 1 || !['value', 'alias'].includes(keys[0])) invalid(`${key}.${name}`, 'Expected exactly one of value or alias');
        if (given.value !== undefined) checkValue(`${key}.${name}.value`, str(1024), given.value);
        if (given.alias !== undefined)
          checkValue(`${key}.${name}.alias`, { kind: 'string', maxLength: 20, values: UPSTREAM_ALIASES }, given.alias);
      }
      return value;
    }
    case 'scope':
      if (typeof value === 'string') return checkValue(key, str(1024), value);
      return checkValue(key, { kind: 'strings', maxItems: 50, maxLength: 255 }, value);
    case 'strings':
      if (!Array.isArray(value)) invalid(key, `Expected type array but found type ${typeName(value)}`);
      if (value.length > rule.maxItems) invalid(key, `Array is too long (${value.length}), maximum ${rule.maxItems}`);
      value.forEach((item, i) => {
        if (typeof item !== 'string') invalid(`${key}.${i}`, `Expected type string but found type ${typeName(item)}`);
        if (item.length > rule.maxLength) invalid(`${key}.${i}`, `String is too long (${item.length} chars), maximum ${rule.maxLength}`);
      });
      return value;
    case 'attributeMap': {
      if (value === null || typeof value !== 'object' || Array.isArray(value))
        invalid(key, `Expected type object but found type ${typeName(value)}`);
      const map = value as Record<string, unknown>;
      const unknownKeys = Object.keys(map).filter((k) => !['mapping_mode', 'userinfo_scope', 'attributes'].includes(k));
      if (unknownKeys.length > 0) invalid(key, `Additional properties not allowed: ${unknownKeys.join(', ')}`);
      if (map.mapping_mode !== undefined)
        checkValue(`${key}.mapping_mode`, { kind: 'string', maxLength: 20, values: MAPPING_MODES }, map.mapping_mode);
      if (map.userinfo_scope !== undefined) checkValue(`${key}.userinfo_scope`, str(1024), map.userinfo_scope);
      if (map.attributes !== undefined)
        checkValue(`${key}.attributes`, { kind: 'stringMap', maxKeys: 30, maxLength: 1024 }, map.attributes);
      return value;
    }
    case 'stringMap': {
      if (value === null || typeof value !== 'object' || Array.isArray(value))
        invalid(key, `Expected type object but found type ${typeName(value)}`);
      const entries = Object.entries(value as Record<string, unknown>);
      if (entries.length > rule.maxKeys) invalid(key, `Too many properties (${entries.length}), maximum ${rule.maxKeys}`);
      for (const [name, item] of entries) {
        if (typeof item !== 'string') invalid(`${key}.${name}`, `Expected type string but found type ${typeName(item)}`);
        if (item.length > rule.maxLength) invalid(`${key}.${name}`, `String is too long (${item.length} chars), maximum ${rule.maxLength}`);
      }
      return value;
    }
    case 'string':
      if (value === null && rule.nullable) return undefined;
      if (typeof value !== 'string') invalid(key, `Expected type string but found type ${typeName(value)}`);
      if (value.length > rule.maxLength) invalid(key, `String is too long (${value.length} chars), maximum ${rule.maxLength}`);
      if (rule.values && !rule.values.includes(value)) invalid(key, `No enum match for: ${JSON.stringify(value)}`);
      if (rule.url && !URL_PATTERN.test(value)) invalid(key, `Object didn't pass validation for format uri: ${value}`);
      return value;
  }
}

function rulesFor(strategy: Strategy): Record<string, Rule> {
  return { ...COMMON, ...BY_STRATEGY[strategy] };
}

/**
 * Checks options against the strategy's known keys and fills the defaults. Unknown keys are refused
 * all at once so the caller sees every one to remove.
 */
export function normalizeOptions(strategy: Strategy, input: Record<string, unknown> | undefined): ConnectionOptions {
  const rules = rulesFor(strategy);
  const given = input ?? {};
  const unknown = Object.keys(given).filter((key) => !(key in rules));
  if (unknown.length > 0) {
    invalidInput('options', `Additional properties not allowed for strategy ${strategy}: ${unknown.join(', ')}`);
  }
  const options: ConnectionOptions = { domain_aliases: [], is_create_missing_user: true, is_trusted: false };
  for (const [key, value] of Object.entries(given)) {
    const checked = checkValue(key, rules[key], value);
    if (checked !== undefined) options[key] = checked;
  }
  return options;
}

/** True for write-only keys: `client_secret` and anything else named like a secret. */
export function isSecretKey(key: string): boolean {
  return key.toLowerCase().includes('secret');
}

/** Options as every route returns them: secrets removed. */
export function redactOptions(options: ConnectionOptions): ConnectionOptions {
  return Object.fromEntries(Object.entries(options).filter(([key]) => !isSecretKey(key))) as ConnectionOptions;
}

/** PATCH replaces options as Auth0 does, except that a stored secret the patch leaves out is kept. */
export function keepOmittedSecrets(next: ConnectionOptions, stored: ConnectionOptions, strategy: Strategy): ConnectionOptions {
  const rules = rulesFor(strategy);
  const merged = { ...next };
  for (const [key, value] of Object.entries(stored)) {
    if (isSecretKey(key) && key in rules && merged[key] === undefined) merged[key] = value;
  }
  return merged;
}
