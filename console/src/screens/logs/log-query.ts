/** The filters of the Logs screen, as kept in its URL. */
export interface LogFilters {
  /** An event type code. */
  type: string;
  user: string;
  organization: string;
  application: string;
  /** YYYY-MM-DD, inclusive. */
  since: string;
  /** YYYY-MM-DD, inclusive. */
  until: string;
}

export const NO_FILTERS: LogFilters = { type: '', user: '', organization: '', application: '', since: '', until: '' };

/** A quoted value of the log query syntax: any text, its quotes and backslashes escaped. */
export function quote(value: string): string {
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/**
 * The `q` the filters stand for (docs/logs.md). A type matches on `action`, the change's own code,
 * so "Organization created" finds the changes made through the API too (their type is `sapi`);
 * `sapi` and `fapi` themselves match on `type`.
 */
export function logQuery(filters: LogFilters): string {
  const terms: string[] = [];
  if (filters.type)
    terms.push(filters.type === 'sapi' || filters.type === 'fapi' ? `type:${filters.type}` : `action:${quote(filters.type)}`);
  if (filters.user.trim()) terms.push(`user_id:${quote(filters.user.trim())}`);
  if (filters.organization) terms.push(`organization_id:${quote(filters.organization)}`);
  if (filters.application) terms.push(`client_id:${quote(filters.application)}`);
  if (filters.since || filters.until) terms.push(`date:[${filters.since || '*'} TO ${filters.until || '*'}]`);
  return terms.join(' AND ');
}
