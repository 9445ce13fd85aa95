import type { UserRowUpdate } from '../../db/schema/users.table.js';
import { invalidInput } from '../errors.js';
import { ENTERPRISE_USER_SCHEMA, isAttributePath, valueAt } from './scim-paths.js';
import type { ScimMappingItem, ScimResource } from './scim.types.js';

/** The SCIM attribute whose value is the login's subject, unless the configuration says otherwise. */
export const DEFAULT_USER_ID_ATTRIBUTE = 'userName';

/**
 * Auth0's default mapping, in Gatehouse's user fields. Okta and Entra ID both sign people in with
 * their username (SAML NameID), which is SCIM's `userName`, hence the default user id attribute.
 */
export const DEFAULT_MAPPING: ScimMappingItem[] = [
  { auth0: 'username', scim: 'userName' },
  { auth0: 'email', scim: 'emails[primary eq true].value' },
  { auth0: 'app_metadata.external_id', scim: 'externalId' },
  { auth0: 'blocked', scim: 'active' },
  { auth0: 'name', scim: 'displayName' },
  { auth0: 'given_name', scim: 'name.givenName' },
  { auth0: 'family_name', scim: 'name.familyName' },
  { auth0: 'nickname', scim: 'nickName' },
  { auth0: 'picture', scim: 'photos[type eq "photo"].value' },
  { auth0: 'phone_number', scim: 'phoneNumbers[primary eq true].value' },
  { auth0: 'app_metadata.title', scim: 'title' },
  { auth0: 'app_metadata.employee_id', scim: `${ENTERPRISE_USER_SCHEMA}:employeeNumber` },
  { auth0: 'app_metadata.department', scim: `${ENTERPRISE_USER_SCHEMA}:department` },
  { auth0: 'app_metadata.organization', scim: `${ENTERPRISE_USER_SCHEMA}:organization` },
  { auth0: 'app_metadata.cost_center', scim: `${ENTERPRISE_USER_SCHEMA}:costCenter` },
  { auth0: 'app_metadata.manager_id', scim: `${ENTERPRISE_USER_SCHEMA}:manager.value` },
];

const PROFILE_FIELDS = ['email', 'username', 'name', 'given_name', 'family_name', 'nickname', 'picture', 'phone_number'] as const;
type ProfileField = (typeof PROFILE_FIELDS)[number];
const METADATA = /^(app_metadata|user_metadata)\.([A-Za-z_][\w-]{0,99})$/;

function isTarget(name: string): boolean {
  return (PROFILE_FIELDS as readonly string[]).includes(name) || name === 'blocked' || METADATA.test(name);
}

/** Refuses a mapping that names a field Gatehouse does not have or a path it cannot read. */
export function assertMapping(mapping: ScimMappingItem[]): void {
  const seen = new Set<string>();
  mapping.forEach((item, index) => {
    if (typeof item.auth0 !== 'string' || !isTarget(item.auth0)) {
      invalidInput(
        `mapping[${index}].auth0`,
        `Must be one of ${PROFILE_FIELDS.join(', ')}, blocked, app_metadata.<key> or user_metadata.<key>`,
        { value: String(item.auth0) },
      );
    }
    if (typeof item.scim !== 'string' || !isAttributePath(item.scim)) {
      invalidInput(`mapping[${index}].scim`, 'Must be a SCIM attribute path', { value: String(item.scim) });
    }
    if (seen.has(item.auth0)) invalidInput(`mapping[${index}].auth0`, 'Each field may be mapped once', { value: item.auth0 });
    seen.add(item.auth0);
  });
}

export function assertUserIdAttribute(attribute: string): void {
  if (!isAttributePath(attribute)) invalidInput('user_id_attribute', 'Must be a SCIM attribute path', { value: attribute });
}

/** SCIM booleans, and Entra ID's `"True"`/`"False"` strings. */
export function scimBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  return undefined;
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/** What the mapping makes of a resource: profile columns, metadata keys, and whether the user is blocked. */
export interface MappedProfile {
  profile: Partial<Pick<UserRowUpdate, ProfileField>>;
  app_metadata: Record<string, string | null>;
  user_metadata: Record<string, string | null>;
  blocked: boolean;
}

/**
 * The user's fields from the whole resource: a mapped attribute the resource lacks clears its field,
 * so the user always equals the mapping applied to the resource the IdP last sent.
 */
export function mapResource(resource: ScimResource, mapping: ScimMappingItem[]): MappedProfile {
  const mapped: MappedProfile = { profile: {}, app_metadata: {}, user_metadata: {}, blocked: false };
  for (const item of mapping) {
    const value = valueAt(resource, item.scim);
    if (item.auth0 === 'blocked') {
      mapped.blocked = scimBoolean(value ?? true) === false;
      continue;
    }
    const metadata = METADATA.exec(item.auth0);
    if (metadata) mapped[metadata[1] as 'app_metadata' | 'user_metadata'][metadata[2]] = text(value);
    else mapped.profile[item.auth0 as ProfileField] = text(value);
  }
  return mapped;
}
