import type { Insertable, Selectable, Updateable } from 'kysely';

/**
 * Row of `user_jobs`: an import or export job. `options` and `actor` are JSON text; `input` is the
 * import's users file, `output` the export's file; `cursor` counts the input rows done.
 */
export interface UserJobTable {
  id: string;
  type: string;
  status: string;
  connection_id: string | null;
  active_connection_id: string | null;
  external_id: string | null;
  options: string;
  actor: string;
  input: string | null;
  output: string | null;
  cursor: number;
  total: number;
  inserted: number;
  updated: number;
  failed: number;
  status_details: string | null;
  lease_owner: string | null;
  lease_until: string | null;
  started_at: string | null;
  completed_at: string | null;
  created_at: string;
  updated_at: string;
}

/** Row of `user_job_errors`: one refused import row, its JSON and its errors (JSON). */
export interface UserJobErrorTable {
  job_id: string;
  row_index: number;
  user: string;
  errors: string;
}

export type UserJobRow = Selectable<UserJobTable>;
export type NewUserJobRow = Insertable<UserJobTable>;
export type UserJobRowUpdate = Updateable<UserJobTable>;
