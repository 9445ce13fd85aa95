import type { BenchServer } from '../lib/gatehouse.js';
import { newUserRow } from '../../src/domain/users/users.queries.js';
import { prefixedId } from '../../src/domain/shared/ids.js';

const BATCH = 500;

/**
 * Users imported through the jobs API (upload, chunks, batches with their events and progress)
 * vs the same rows written as plain batched inserts of users and identities, in users/s. Both into
 * connections of their own; the job's time runs from the upload to `completed`.
 */
export async function measureImport(server: BenchServer, users: number): Promise<{ job: number; plain: number }> {
  const viaJob = await server.api('POST', '/connections', { name: 'bench-import-job', strategy: 'auth0' }, 201);
  const plainConnection = await server.api('POST', '/connections', { name: 'bench-import-plain', strategy: 'auth0' }, 201);
  const rows = (prefix: string) => Array.from({ length: users }, (_, i) => ({ email: `${prefix}${i}@import.bench`, name: `User ${i}` }));

  const started = performance.now();
  const form = new FormData();
  form.append('users', new Blob([JSON.stringify(rows('job'))], { type: 'application/json' }), 'users.json');
  form.append('connection_id', viaJob.id);
  const res = await fetch(`${server.url}/api/v2/jobs/users-imports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await server.managementToken()}` },
    body: form,
  });
  if (res.status !== 201) throw new Error(`import: ${res.status} ${await res.text()}`);
  const { id } = (await res.json()) as { id: string };
  for (;;) {
    const job = await server.api('GET', `/jobs/${id}`, undefined, 200);
    if (job.status === 'failed') throw new Error(`import failed: ${JSON.stringify(job)}`);
    if (job.status === 'completed') {
      if (job.summary.inserted !== users) throw new Error(`import inserted ${job.summary.inserted} of ${users}`);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const jobSeconds = (performance.now() - started) / 1000;

  const db = server.db.kysely;
  const plainStarted = performance.now();
  const plain = rows('plain');
  for (let at = 0; at < plain.length; at += BATCH) {
    const now = new Date().toISOString();
    const batch = plain.slice(at, at + BATCH).map((row) => ({ ...row, id: `auth0|${prefixedId('bench').slice(6)}` }));
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('users')
        .values(batch.map((row) => newUserRow({ id: row.id, now, email: row.email, name: row.name })))
        .execute();
      await trx
        .insertInto('identities')
        .values(
          batch.map((row) => ({
            id: prefixedId('idn'),
            user_id: row.id,
            connection_id: plainConnection.id,
            provider: 'auth0',
            provider_user_id: row.id.slice(6),
            pending_email: null,
            is_social: 0,
            profile_data: '{}',
            password_hash: null,
            created_at: now,
          })),
        )
        .execute();
    });
  }
  const plainSeconds = (performance.now() - plainStarted) / 1000;
  return { job: users / jobSeconds, plain: users / plainSeconds };
}
