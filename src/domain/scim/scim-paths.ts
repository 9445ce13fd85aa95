import { filter as compileFilter, parse as parseFilter } from 'scim2-parse-filter';
import type { ScimResource } from './scim.types.js';

/** The schema of the core User; its URN may prefix a core attribute path (RFC 7644 §3.10). */
export const CORE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const CORE_GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';

/** `attr`, `attr.sub`, `attr[filter]`, `attr[filter].sub` (RFC 7644 §3.5.2 "valuePath"). */
const PATH = /^([A-Za-z$][\w$-]*)(?:\[(.+)\])?(?:\.([A-Za-z$][\w$-]*))?$/;

/** Compiled bracket filters by text: a mapping names the same few on every request. */
const compiled = new Map<string, (item: unknown) => boolean>();

function compiledFilter(text: string): (item: unknown) => boolean {
  let test = compiled.get(text);
  if (!test) {
    test = compileFilter(parseFilter(text));
    if (compiled.size < 1000) compiled.set(text, test);
  }
  return test;
}

/** The key of `object` that names `name` ignoring case: SCIM attribute names are case-insensitive. */
function keyOf(object: Record<string, unknown>, name: string): string | undefined {
  const lower = name.toLowerCase();
  return Object.keys(object).find((key) => key.toLowerCase() === lower);
}

function field(object: unknown, name: string): unknown {
  if (object === null || typeof object !== 'object' || Array.isArray(object)) return undefined;
  const key = keyOf(object as Record<string, unknown>, name);
  return key === undefined ? undefined : (object as Record<string, unknown>)[key];
}

/** Splits an extension URN from the attribute path that follows it. */
function splitSchema(path: string): { container: string | undefined; rest: string } {
  for (const schema of [ENTERPRISE_USER_SCHEMA, CORE_USER_SCHEMA, CORE_GROUP_SCHEMA]) {
    if (path.toLowerCase().startsWith(`${schema.toLowerCase()}:`)) {
      return { container: schema === ENTERPRISE_USER_SCHEMA ? schema : undefined, rest: path.slice(schema.length + 1) };
    }
  }
  return { container: undefined, rest: path };
}

/** Whether a path is one `valueAt` can read: the attribute mapping is checked with it when saved. */
export function isAttributePath(path: string): boolean {
  const match = PATH.exec(splitSchema(path).rest);
  if (!match) return false;
  if (match[2] === undefined) return true;
  try {
    parseFilter(match[2]);
    return true;
  } catch {
    return false;
  }
}

/**
 * The value a SCIM attribute path names in a resource (`emails[primary eq true].value`,
 * `name.givenName`, `urn:…:enterprise:2.0:User:employeeNumber`), or undefined. The bracketed filter
 * is parsed and evaluated by scim2-parse-filter.
 */
export function valueAt(resource: ScimResource, path: string): unknown {
  const { container, rest } = splitSchema(path);
  const match = PATH.exec(rest);
  if (!match) return undefined;
  const [, attribute, filterText, sub] = match;
  const base = container === undefined ? resource : field(resource, container);
  let value = field(base, attribute);
  if (filterText !== undefined) {
    if (!Array.isArray(value)) return undefined;
    const test = compiledFilter(filterText);
    value = value.find((item) => item !== null && typeof item === 'object' && test(item));
  }
  return sub === undefined ? value : field(value, sub);
}

/**
 * The resource with the path set to `value` (removed for null): a copy. A filtered path changes the
 * element its filter finds and nothing when none matches, since a filter does not say how to build one.
 */
export function setAt(resource: ScimResource, path: string, value: string | null): ScimResource {
  const copy = structuredClone(resource);
  const { container, rest } = splitSchema(path);
  const match = PATH.exec(rest);
  if (!match) return copy;
  const [, attribute, filterText, sub] = match;
  const objectAt = (parent: Record<string, unknown>, name: string): Record<string, unknown> => {
    const key = keyOf(parent, name) ?? name;
    const current = parent[key];
    if (current !== null && typeof current === 'object' && !Array.isArray(current)) return current as Record<string, unknown>;
    const created: Record<string, unknown> = {};
    parent[key] = created;
    return created;
  };
  const put = (target: Record<string, unknown>, name: string) => {
    const key = keyOf(target, name) ?? name;
    if (value === null) delete target[key];
    else target[key] = value;
  };
  const base = container === undefined ? (copy as Record<string, unknown>) : objectAt(copy as Record<string, unknown>, container);
  if (filterText !== undefined) {
    const list = field(base, attribute);
    if (!Array.isArray(list) || sub === undefined) return copy;
    const test = compiledFilter(filterText);
    const item = list.find((element) => element !== null && typeof element === 'object' && test(element));
    if (item) put(item as Record<string, unknown>, sub);
    return copy;
  }
  if (sub === undefined) put(base, attribute);
  else put(objectAt(base, attribute), sub);
  return copy;
}
