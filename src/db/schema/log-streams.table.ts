import type { Insertable, Selectable, Updateable } from 'kysely';

/**
 * Row of `log_streams`. `filters` and `sink` are JSON text; the sink's secrets (`http_authorization`,
 * `webhook_secret`) are columns of their own so that no read of the sink can carry them by accident.
 * `cursor_seq` is the seq of the last event delivered.
 */
export interface LogStreamTable {
  id: string;
  name: string;
  type: string;
  status: string;
  is_priority: number;
  filters: string;
  sink: string;
  http_authorization: string | null;
  webhook_secret: string | null;
  cursor_seq: number;
  failures: number;
  next_attempt_at: string | null;
  last_error: string | null;
  last_attempt_at: string | null;
  last_success_at: string | null;
  lease_owner: string | null;
  lease_until: string | null;
  created_at: string;
  updated_at: string;
}

export type LogStreamRow = Selectable<LogStreamTable>;
export type NewLogStreamRow = Insertable<LogStreamTable>;
export type LogStreamRowUpdate = Updateable<LogStreamTable>;
