import type { UserRow } from '../../db/schema/users.table.js';
import { parseJson } from '../shared/json.js';
import { mapResource } from './scim-mapping.js';
import { setAt } from './scim-paths.js';
import type { ScimMappingItem, ScimResource } from './scim.types.js';

/** The user's columns a SCIM resource is mapped from. */
export type MappedUserColumns = Pick<
  UserRow,
  'email' | 'username' | 'name' | 'given_name' | 'family_name' | 'nickname' | 'picture' | 'phone_number' | 'app_metadata' | 'user_metadata'
>;

const METADATA = /^(app_metadata|user_metadata)\.(.+)$/;

function text(value: unknown): string | null {
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/**
 * The resource the IdP last sent, with the user's own values where the user changed since (the
 * Management API, the console): each mapped attribute whose value the user no longer has takes the
 * user's, so the IdP's next GET sees the change. `userName` and the user id attribute stay as sent:
 * they name the resource.
 */
export function withUserValues(resource: ScimResource, user: MappedUserColumns, mapping: ScimMappingItem[], fixed: string[]): ScimResource {
  const sent = mapResource(resource, mapping);
  const keep = new Set(['username', ...fixed].map((p) => p.toLowerCase()));
  let view = resource;
  for (const item of mapping) {
    if (item.auth0 === 'blocked' || keep.has(item.scim.toLowerCase()) || keep.has(item.auth0)) continue;
    const metadata = METADATA.exec(item.auth0);
    const current = metadata
      ? text(parseJson<Record<string, unknown>>(user[metadata[1] as 'app_metadata' | 'user_metadata'], {})[metadata[2]])
      : text(user[item.auth0 as keyof MappedUserColumns]);
    const before = metadata ? sent[metadata[1] as 'app_metadata' | 'user_metadata'][metadata[2]] : sent.profile[item.auth0 as 'name'];
    if ((before ?? null) !== current) view = setAt(view, item.scim, current);
  }
  return view;
}
