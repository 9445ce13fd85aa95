/**
 * One audit log entry, in Auth0's shape (`GET /api/v2/logs`): an event as readers see it. Fields
 * without a value are absent, as in Auth0's answers, never null.
 */
export interface LogEntry {
  /** The event's seq as 20 zero-padded digits: sorts as text in commit order, and is the checkpoint. */
  log_id: string;
  /** ISO 8601 with milliseconds. */
  date: string;
  /** Auth0's event type code (`s`, `fp`, `sapi`…) or a Gatehouse one (docs/logs.md). */
  type: string;
  description?: string;
  client_id?: string;
  client_name?: string;
  ip?: string;
  user_agent?: string;
  /** Whether the user agent names a mobile device; present when the user agent is known. */
  isMobile?: boolean;
  user_id?: string;
  user_name?: string;
  connection?: string;
  connection_id?: string;
  strategy?: string;
  strategy_type?: string;
  organization_id?: string;
  organization_name?: string;
  /** Free-form, per type; `action` is the change's own code for `sapi` entries, `actor` who acted. */
  details: Record<string, unknown>;
}

export type LogField = keyof LogEntry;

/** Every field of an entry, in the order Auth0 lists them; `fields` may name any of these. */
export const LOG_FIELDS: readonly LogField[] = [
  'log_id',
  'date',
  'type',
  'description',
  'client_id',
  'client_name',
  'ip',
  'user_agent',
  'isMobile',
  'user_id',
  'user_name',
  'connection',
  'connection_id',
  'strategy',
  'strategy_type',
  'organization_id',
  'organization_name',
  'details',
];

/** How a search lists entries: `q` (docs/logs.md), `sort` (`date:1`, `date:-1`), and which fields to return. */
export interface LogSearch {
  q?: string;
  sort?: string;
  /** Comma-separated field names. */
  fields?: string;
  /** true (default): return only `fields`; false: return all but them. */
  includeFields?: boolean;
}
