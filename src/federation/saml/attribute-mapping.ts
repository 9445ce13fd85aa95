import type { FederatedProfile } from '../profile.js';

/** Profile fields filled from SAML attributes; each lists attribute names tried in order. */
export interface AttributeMapping {
  email: string[];
  email_verified: string[];
  name: string[];
  given_name: string[];
  family_name: string[];
  /** Every listed attribute contributes: the union of their values. */
  groups: string[];
}

const CLAIMS = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims';

/**
 * Names sent by Okta and Google Workspace (whatever the admin typed, usually these), Entra ID
 * (WS-Federation claim URIs) and LDAP-style IdPs (OIDs, eduPerson).
 */
export const DEFAULT_ATTRIBUTE_MAPPING: AttributeMapping = {
  email: [
    'email',
    'Email',
    'mail',
    'emailAddress',
    `${CLAIMS}/emailaddress`,
    'urn:oid:0.9.2342.19200300.100.1.3',
    'http://schemas.xmlsoap.org/claims/EmailAddress',
  ],
  email_verified: ['email_verified', 'emailVerified'],
  name: [
    'name',
    'displayName',
    'http://schemas.microsoft.com/identity/claims/displayname',
    `${CLAIMS}/name`,
    'urn:oid:2.16.840.1.113730.3.1.241',
    'cn',
  ],
  given_name: ['firstName', 'givenName', 'given_name', 'FirstName', `${CLAIMS}/givenname`, 'urn:oid:2.5.4.42'],
  family_name: ['lastName', 'surname', 'sn', 'family_name', 'LastName', `${CLAIMS}/surname`, 'urn:oid:2.5.4.4'],
  groups: [
    'groups',
    'Groups',
    'memberOf',
    'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups',
    'http://schemas.xmlsoap.org/claims/Group',
    'urn:oid:1.3.6.1.4.1.5923.1.5.1.1',
  ],
};

const NAMEID_EMAIL = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';

/**
 * A connection's `attributeMapping` (`{ email: 'mail' }` or `{ groups: ['a', 'b'] }`) puts its
 * names before the defaults; unknown fields and non-string names are ignored.
 */
export function mergeAttributeMapping(custom: unknown): AttributeMapping {
  const merged = { ...DEFAULT_ATTRIBUTE_MAPPING };
  if (!custom || typeof custom !== 'object') return merged;
  for (const field of Object.keys(merged) as (keyof AttributeMapping)[]) {
    const value = (custom as Record<string, unknown>)[field];
    const names = (Array.isArray(value) ? value : [value]).filter((n): n is string => typeof n === 'string' && n !== '');
    merged[field] = [...names, ...merged[field].filter((n) => !names.includes(n))];
  }
  return merged;
}

function values(raw: unknown): string[] {
  const list = Array.isArray(raw) ? raw : [raw];
  return list
    .filter((v): v is string => typeof v === 'string')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

function first(attributes: Record<string, unknown>, names: string[]): string | undefined {
  for (const name of names) {
    const [value] = values(attributes[name]);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** The verified assertion's subject and attributes, as the rest of Gatehouse reads an upstream identity. */
export function toFederatedProfile(
  subject: { nameID: string; nameIDFormat?: string },
  attributes: Record<string, unknown>,
  mapping: AttributeMapping,
): FederatedProfile {
  const email = first(attributes, mapping.email) ?? (subject.nameIDFormat === NAMEID_EMAIL ? subject.nameID : undefined);
  const groups = [...new Set(mapping.groups.flatMap((name) => values(attributes[name])))];
  const profile: FederatedProfile = {
    subject: subject.nameID,
    // SAML has no standard "verified" flag: false unless the IdP sends one. Whether to trust the
    // address is decided by the connection's entitled domains, not here (DESIGN.md).
    emailVerified: first(attributes, mapping.email_verified)?.toLowerCase() === 'true',
    groups,
    attributes,
  };
  const name = first(attributes, mapping.name);
  const givenName = first(attributes, mapping.given_name);
  const familyName = first(attributes, mapping.family_name);
  if (email !== undefined) profile.email = email.toLowerCase();
  if (name !== undefined) profile.name = name;
  if (givenName !== undefined) profile.givenName = givenName;
  if (familyName !== undefined) profile.familyName = familyName;
  return profile;
}
