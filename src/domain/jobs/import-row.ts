import { importedPasswordHash } from '../users/custom-password-hash.js';
import { MAX_METADATA_BYTES } from '../users/metadata.js';
import { isEmailAddress } from '../users/email-address.js';

/** One error of a refused import row, in Auth0's job error shape. */
export interface RowError {
  code: string;
  message: string;
  path: string;
}

/** An import row that passed every rule. */
export interface ImportUser {
  email: string;
  email_verified: boolean;
  user_id?: string;
  username?: string;
  given_name?: string;
  family_name?: string;
  name?: string;
  nickname?: string;
  picture?: string;
  blocked?: boolean;
  app_metadata?: Record<string, unknown>;
  user_metadata?: Record<string, unknown>;
  /** The stored form of the row's password hash (users/imported-hashes.ts). */
  passwordHash?: string;
  /** Gatehouse extension: the organizations the user is made a member of. */
  organizations: string[];
}

const STRINGS = ['user_id', 'username', 'given_name', 'family_name', 'name', 'nickname', 'picture'] as const;
const KNOWN = new Set<string>([
  'email',
  'email_verified',
  ...STRINGS,
  'blocked',
  'app_metadata',
  'user_metadata',
  'password_hash',
  'custom_password_hash',
  'gatehouse_organizations',
]);
// Auth0 refuses these in an imported app_metadata: they are the user's own properties.
const RESERVED_APP_METADATA = [
  '__tenant',
  '_id',
  'blocked',
  'clientID',
  'created_at',
  'email_verified',
  'email',
  'globalClientID',
  'global_client_id',
  'identities',
  'lastIP',
  'lastLogin',
  'loginsCount',
  'metadata',
  'multifactor_last_modified',
  'multifactor',
  'updated_at',
  'user_id',
];
const MAX_STRING = 300;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks one row of a users file against Auth0's import schema (and Gatehouse's limits); every
 * broken rule is reported, each naming the property. `organizationExists` answers for
 * `gatehouse_organizations`.
 */
export function validateImportRow(
  row: unknown,
  organizationExists: (id: string) => boolean,
): { user: ImportUser } | { errors: RowError[] } {
  if (!isObject(row)) return { errors: [{ code: 'INVALID_FORMAT', message: 'Expected an object', path: '' }] };
  const errors: RowError[] = [];
  const refuse = (path: string, message: string, code = 'INVALID_FORMAT') => errors.push({ code, message, path });
  for (const key of Object.keys(row)) if (!KNOWN.has(key)) refuse(key, 'Additional properties not allowed', 'OBJECT_ADDITIONAL_PROPERTIES');

  if (row.email === undefined) refuse('email', 'Missing required property: email', 'OBJECT_MISSING_REQUIRED_PROPERTY');
  else if (typeof row.email !== 'string' || row.email.length > MAX_STRING || !isEmailAddress(row.email))
    refuse('email', 'Object didn’t pass validation for format email');
  for (const key of ['email_verified', 'blocked'] as const)
    if (row[key] !== undefined && typeof row[key] !== 'boolean') refuse(key, 'Expected type boolean', 'INVALID_TYPE');
  for (const key of STRINGS) {
    const value = row[key];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value.length === 0) refuse(key, 'Expected a non-empty string', 'INVALID_TYPE');
    else if (value.length > MAX_STRING) refuse(key, `String is too long (maximum ${MAX_STRING})`, 'MAX_LENGTH');
  }
  if (typeof row.user_id === 'string' && !/^(?:auth0\|)?[A-Za-z0-9_.@:+-]+$/.test(row.user_id))
    refuse('user_id', 'Only letters, digits and _.@:+- are allowed');
  for (const key of ['app_metadata', 'user_metadata'] as const) {
    const value = row[key];
    if (value === undefined) continue;
    if (!isObject(value)) refuse(key, 'Expected type object', 'INVALID_TYPE');
    else if (Buffer.byteLength(JSON.stringify(value)) > MAX_METADATA_BYTES)
      refuse(key, `Metadata is too large (maximum ${MAX_METADATA_BYTES} bytes)`);
  }
  if (isObject(row.app_metadata))
    for (const key of RESERVED_APP_METADATA) if (key in row.app_metadata) refuse(`app_metadata.${key}`, 'Reserved property not allowed');

  const organizations: string[] = [];
  if (row.gatehouse_organizations !== undefined) {
    if (!Array.isArray(row.gatehouse_organizations) || row.gatehouse_organizations.some((id) => typeof id !== 'string'))
      refuse('gatehouse_organizations', 'Expected an array of organization ids', 'INVALID_TYPE');
    else
      for (const id of new Set(row.gatehouse_organizations as string[])) {
        if (organizationExists(id)) organizations.push(id);
        else refuse('gatehouse_organizations', `Organization ${JSON.stringify(id)} does not exist`, 'INEXISTENT_ORGANIZATION');
      }
  }
  const hash = importedPasswordHash(row);
  if (hash && 'problem' in hash) refuse(hash.problem.field, hash.problem.rule);

  if (errors.length > 0) return { errors };
  const user: ImportUser = {
    email: row.email as string,
    email_verified: (row.email_verified as boolean | undefined) ?? false,
    organizations,
    ...(hash && 'stored' in hash ? { passwordHash: hash.stored } : {}),
  };
  for (const key of STRINGS) if (row[key] !== undefined) user[key] = row[key] as string;
  // An export's user_id carries the `auth0|` of database users; the import adds it back.
  if (user.user_id?.startsWith('auth0|')) user.user_id = user.user_id.slice('auth0|'.length);
  if (row.blocked !== undefined) user.blocked = row.blocked as boolean;
  if (row.app_metadata !== undefined) user.app_metadata = row.app_metadata as Record<string, unknown>;
  if (row.user_metadata !== undefined) user.user_metadata = row.user_metadata as Record<string, unknown>;
  return { user };
}

/** The row as reported with its errors: never its password hashes. */
export function reportedRow(row: unknown): unknown {
  if (!isObject(row)) return row;
  const { password_hash: _p, custom_password_hash: _c, ...rest } = row;
  return rest;
}
