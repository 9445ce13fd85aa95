import { filter as compileFilter, type Filter, parse } from 'scim2-parse-filter';
import type { ScimListQuery, ScimResource } from '../domain/scim/index.js';
import { ScimProtocolError } from './scim-errors.js';

const INDEXED = { id: 'id', username: 'userName', externalid: 'externalId', displayname: 'displayName' } as const;

/** The longest page a client gets (ServiceProviderConfig's filter.maxResults). */
export const MAX_RESULTS = 1000;

/**
 * A list request's filter (parsed by scim2-parse-filter) and paging as a domain query: `attr eq
 * "value"` on an indexed attribute is a lookup (userName case-insensitively, RFC 7643 §4.1.1), any
 * other filter a predicate over the connection's resources.
 */
export function listQuery(query: { filter?: string; startIndex?: string; count?: string }, kind: 'User' | 'Group'): ScimListQuery {
  const startIndex = Math.max(1, Number.parseInt(query.startIndex ?? '1', 10) || 1);
  const parsedCount = query.count === undefined ? 100 : Number.parseInt(query.count, 10);
  const count = Math.min(MAX_RESULTS, Math.max(0, Number.isNaN(parsedCount) ? 100 : parsedCount));
  if (query.filter === undefined || query.filter.trim() === '') return { startIndex, count };
  let ast: Filter;
  try {
    ast = parse(query.filter);
  } catch {
    throw new ScimProtocolError('invalidFilter', `The filter is not valid SCIM filter syntax: ${query.filter.slice(0, 200)}`);
  }
  if (ast.op === 'eq' && typeof ast.compValue === 'string') {
    const attribute = INDEXED[ast.attrPath.toLowerCase() as keyof typeof INDEXED];
    const fits = attribute && (kind === 'User' ? attribute !== 'displayName' : attribute !== 'userName');
    if (fits) return { where: { attribute, value: ast.compValue }, startIndex, count };
  }
  const test = compileFilter(ast);
  return { matches: (resource: ScimResource) => test(resource), startIndex, count };
}
