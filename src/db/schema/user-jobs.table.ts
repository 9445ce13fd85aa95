import type { Insertable, Selectable, Updateable } from 'kysely';

/**
 * Row of `user_jobs`: an import or export job. `options` and `actor` are JSON text; an import's
 * users file is in `user_job_chunks`, `output` is the export's file; `cursor` counts the rows done.
 * An import whose file is still being received is `uploading` (not yet runnable).
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

/** Row of `user_job_chunks`: the rows of an import's file from `first_row`, a JSON array. */
export interface UserJobChunkTable {
  job_id: string;
  first_row: number;
  row_count: number;
  rows: string;
}

export type UserJobRow = Selectable<UserJobTable>;
export type NewUserJobRow = Insertable<UserJobTable>;
/** Row of `user_job_chunks`: the rows of an import's file from `first_row`, a JSON array. */
export interface UserJobChunkTable {
  job_id: string;
  first_row: number;
  row_count: number;
  rows: string;
}

export type UserJobRowUpdate = Updateable<UserJobTable>;
