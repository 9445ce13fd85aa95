import {
  CORE_GROUP_SCHEMA,
  CORE_USER_SCHEMA,
  ENTERPRISE_USER_SCHEMA,
  type ScimListResult,
  type StoredScimResource,
} from '../domain/scim/index.js';

export const LIST_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

/** A stored User or Group as the wire has it: schemas, id, the IdP's attributes, meta (RFC 7643 §3.1). */
export function renderResource(base: string, kind: 'User' | 'Group', stored: StoredScimResource): Record<string, unknown> {
  const { schemas: _schemas, ...attributes } = stored.resource;
  const schemas = kind === 'Group' ? [CORE_GROUP_SCHEMA] : [CORE_USER_SCHEMA];
  if (kind === 'User' && attributes[ENTERPRISE_USER_SCHEMA] !== undefined) schemas.push(ENTERPRISE_USER_SCHEMA);
  const location = `${base}/${kind}s/${stored.id}`;
  const members =
    kind === 'Group' && Array.isArray(attributes.members)
      ? (attributes.members as { value: string; display?: string }[]).map((m) => ({ ...m, $ref: `${base}/Users/${m.value}` }))
      : undefined;
  return {
    schemas,
    id: stored.id,
    ...attributes,
    ...(members ? { members } : {}),
    meta: {
      resourceType: kind,
      created: stored.created,
      lastModified: stored.lastModified,
      location,
      version: `W/"${Buffer.from(stored.lastModified).toString('base64url')}"`,
    },
  };
}

export function renderList(result: ScimListResult, startIndex: number, render: (stored: StoredScimResource) => Record<string, unknown>) {
  return {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults: result.totalResults,
    startIndex,
    itemsPerPage: result.resources.length,
    Resources: result.resources.map(render),
  };
}
