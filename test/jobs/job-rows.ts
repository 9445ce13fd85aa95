import type { NewUserJobRow } from '../../src/db/schema/user-jobs.table.js';

/** A `user_jobs` row written directly (a job another process holds, an upload left behind). */
export function importJobRow(fields: Pick<NewUserJobRow, 'id' | 'status'> & Partial<NewUserJobRow>): NewUserJobRow {
  const now = new Date().toISOString();
  return {
    type: 'users_import',
    connection_id: null,
    active_connection_id: null,
    external_id: null,
    options: '{"upsert":false}',
    actor: '{"type":"system","id":"gatehouse"}',
    output: null,
    cursor: 0,
    total: 0,
    inserted: 0,
    updated: 0,
    failed: 0,
    status_details: null,
    lease_owner: null,
    lease_until: null,
    started_at: null,
    completed_at: null,
    created_at: now,
    updated_at: now,
    ...fields,
  };
}
