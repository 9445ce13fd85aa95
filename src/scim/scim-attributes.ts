import type { ScimResource } from '../domain/scim/index.js';

/** Attributes always returned (RFC 7643 §7 `returned: always`). */
const ALWAYS = new Set(['id', 'schemas', 'meta']);

function names(list: string | undefined): string[] {
  return (list ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '')
    .map((name) => name.toLowerCase());
}

/**
 * RFC 7644 §3.9: `attributes` keeps only the named top-level attributes (and those always
 * returned); `excludedAttributes` drops the named ones. Sub-attribute paths keep or drop their parent.
 */
export function project(resource: ScimResource, query: { attributes?: string; excludedAttributes?: string }): ScimResource {
  const only = names(query.attributes).map((n) => n.split('.')[0]);
  const except = names(query.excludedAttributes).filter((n) => !n.includes('.'));
  return Object.fromEntries(
    Object.entries(resource).filter(([key]) => {
      const lower = key.toLowerCase();
      if (ALWAYS.has(lower)) return true;
      if (only.length > 0) return only.includes(lower);
      return !except.includes(lower);
    }),
  );
}

/** Whether the client asked to leave `members` out (Entra ID's `excludedAttributes=members`). */
export function excludes(query: { attributes?: string; excludedAttributes?: string }, attribute: string): boolean {
  const only = names(query.attributes);
  return names(query.excludedAttributes).includes(attribute) || (only.length > 0 && !only.includes(attribute));
}
