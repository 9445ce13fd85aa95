import type { UserJobRow } from '../../db/schema/user-jobs.table.js';
import type { UserJob } from './jobs.types.js';

/**
 * The job as Auth0 shows it. `time_left_seconds` extrapolates the pace so far (rows done since the
 * job started) to the rows left; a job that has not started yet has no estimate.
 */
export function toUserJob(row: UserJobRow, now: Date): UserJob {
  const total = Number(row.total);
  const done = Number(row.cursor);
  const job: UserJob = {
    id: row.id,
    type: row.type as UserJob['type'],
    status: row.status as UserJob['status'],
    created_at: row.created_at,
    ...(row.connection_id ? { connection_id: row.connection_id } : {}),
    ...(row.external_id ? { external_id: row.external_id } : {}),
    ...(row.status_details ? { status_details: row.status_details } : {}),
  };
  if (row.type === 'users_import') {
    job.summary = { inserted: Number(row.inserted), updated: Number(row.updated), failed: Number(row.failed), total };
    job.percentage_done = row.status === 'completed' ? 100 : total === 0 ? 0 : Math.floor((done / total) * 100);
    if (row.status === 'completed') job.time_left_seconds = 0;
    else if (row.started_at && done > 0) {
      const elapsed = (now.getTime() - Date.parse(row.started_at)) / 1000;
      job.time_left_seconds = Math.max(0, Math.ceil((elapsed / done) * (total - done)));
    }
  }
  return job;
}
