import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { eventually } from '../helpers/eventually.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { importJobRow } from './job-rows.js';

// Chunks of 2 KiB and batches of 25 rows, so a file of a few hundred rows spans many chunks.
const CHUNK_BYTES = 2048;
const BATCH = 25;
const MAX_FILE = 256 * 1024;

for (const dialect of DIALECTS) {
  describe(`users import files stored in chunks [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect, {
        env: {
          GATEHOUSE_IMPORT_CHUNK_BYTES: String(CHUNK_BYTES),
          GATEHOUSE_IMPORT_BATCH_SIZE: String(BATCH),
          GATEHOUSE_IMPORT_MAX_FILE_BYTES: String(MAX_FILE),
          GATEHOUSE_IMPORT_LEASE_MS: '1000',
        },
      });
    });
    after(async () => {
      await server.close();
    });

    const db = () => server.database.db.kysely;
    const jobs = () => server.app.services.jobs;

    async function post(users: string, fields: Record<string, string>, fieldsFirst = false) {
      const body = new FormData();
      const file = () => body.append('users', new Blob([users], { type: 'application/json' }), 'users.json');
      if (!fieldsFirst) file();
      for (const [k, v] of Object.entries(fields)) body.append(k, v);
      if (fieldsFirst) file();
      const res = await fetch(`${server.url}/api/v2/jobs/users-imports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await server.token()}` },
        body,
      });
      return { status: res.status, body: (await res.json()) as { id: string; message: string; summary?: unknown } };
    }

    async function storedJobs() {
      const jobsLeft = await db().selectFrom('user_jobs').select(['id', 'status']).where('type', '=', 'users_import').execute();
      const chunks = await db()
        .selectFrom('user_job_chunks')
        .select(['job_id', 'first_row', 'row_count', 'rows'])
        .orderBy('first_row')
        .execute();
      return { jobsLeft, chunks };
    }

    it('stores a file larger than one chunk in bounded chunks; the job imports every row once', async () => {
      const connection = (await server.api('POST', '/connections', { name: 'streamed-db', strategy: 'auth0' })).body as { id: string };
      const rows: unknown[] = Array.from({ length: 400 }, (_, i) => ({
        email: `user${i}@streamed.example`,
        name: `Stream ${'é'.repeat(i % 9)} ${i}`,
      }));
      rows[137] = { email: 'broken' };
      rows[333] = { email: 'user0@streamed.example' };
      const text = JSON.stringify(rows, null, 2);
      assert.ok(Buffer.byteLength(text) > 10 * CHUNK_BYTES, 'the file spans many chunks');

      // The runner is held so that the stored file can be looked at before it is imported.
      await jobs().runner.stop();
      const created = await post(text, { connection_id: connection.id }, true);
      assert.equal(created.status, 201, created.body.message);
      const { chunks } = await storedJobs();
      const own = chunks.filter((c) => c.job_id === created.body.id);
      assert.ok(own.length > 10, `${own.length} chunks`);
      let next = 0;
      for (const chunk of own) {
        assert.equal(Number(chunk.first_row), next, 'chunks follow each other without gap or overlap');
        assert.ok(Number(chunk.row_count) <= BATCH, 'at most one batch of rows');
        assert.ok(Buffer.byteLength(chunk.rows) <= CHUNK_BYTES + 2, `at most ${CHUNK_BYTES} bytes (${Buffer.byteLength(chunk.rows)})`);
        next += Number(chunk.row_count);
      }
      assert.equal(next, rows.length);
      assert.deepEqual(
        own.flatMap((c) => JSON.parse(c.rows) as unknown[]),
        rows,
        'the stored rows are the file',
      );

      jobs().runner.start((error) => process.stderr.write(`users import runner: ${String(error)}\n`));
      const job = await eventually(
        async () => (await server.api('GET', `/jobs/${created.body.id}`)).body as { status: string; summary: unknown },
        (j) => j.status === 'completed' || j.status === 'failed',
        120_000,
      );
      assert.equal(job.status, 'completed');
      assert.deepEqual(job.summary, { inserted: 398, updated: 0, failed: 2, total: 400 });
      const errors = (await server.api('GET', `/jobs/${created.body.id}/errors`)).body as { user: { email: string } }[];
      assert.deepEqual(
        errors.map((e) => e.user.email),
        ['broken', 'user0@streamed.example'],
      );
      const count = await db()
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('email', 'like', '%@streamed.example')
        .executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 398);
      assert.deepEqual(
        (await storedJobs()).chunks.filter((c) => c.job_id === created.body.id),
        [],
        'a finished job drops its file',
      );
    });

    it('refuses a file over the limit, bad JSON past the first chunk, and a refused import; nothing stays stored', async () => {
      const connection = (await server.api('POST', '/connections', { name: 'refusals-db', strategy: 'auth0' })).body as { id: string };
      const before = await storedJobs();
      const big = JSON.stringify(Array.from({ length: 4000 }, (_, i) => ({ email: `big${i}@refusals.example`, name: 'x'.repeat(40) })));
      assert.ok(Buffer.byteLength(big) > MAX_FILE);
      const tooLarge = await post(big, { connection_id: connection.id });
      assert.equal(tooLarge.status, 400);
      assert.match(tooLarge.body.message, /users.*too large|too large.*users/s);

      const good = Array.from({ length: 200 }, (_, i) => ({ email: `ok${i}@refusals.example` }));
      const broken = `${JSON.stringify(good).slice(0, -1)},{"email":]`;
      const badJson = await post(broken, { connection_id: connection.id });
      assert.equal(badJson.status, 400);
      assert.match(badJson.body.message, /not valid JSON \(row 200\)/);

      const longRow = await post(JSON.stringify([{ email: 'long@refusals.example', name: 'y'.repeat(CHUNK_BYTES) }]), {
        connection_id: connection.id,
      });
      assert.equal(longRow.status, 400);
      assert.match(longRow.body.message, /Row 0 of the users file is longer than 2048 characters/);

      const social = (await server.api('POST', '/connections', { name: 'refusals-social', strategy: 'github' })).body as { id: string };
      const wrongConnection = await post(JSON.stringify(good), { connection_id: social.id });
      assert.equal(wrongConnection.status, 400);
      const unknownField = await post(JSON.stringify(good), { connection_id: connection.id, favourite: 'x' });
      assert.equal(unknownField.status, 400);
      assert.match(unknownField.body.message, /favourite/);

      assert.deepEqual(await storedJobs(), before, 'no job and no chunk left behind');
    });

    it('sweeps an upload whose process died mid-file once its lease lapses', async () => {
      await db()
        .insertInto('user_jobs')
        .values(importJobRow({ id: 'job_abandonedupload01', status: 'uploading', lease_until: new Date(Date.now() - 1000).toISOString() }))
        .execute();
      await db()
        .insertInto('user_job_chunks')
        .values({ job_id: 'job_abandonedupload01', first_row: 0, row_count: 1, rows: '[{}]' })
        .execute();
      jobs().runner.wake();
      const left = await eventually(
        async () => (await storedJobs()).chunks.filter((c) => c.job_id === 'job_abandonedupload01').length,
        (n) => n === 0,
      );
      assert.equal(left, 0);
      assert.equal((await server.api('GET', '/jobs/job_abandonedupload01')).status, 404);
    });
  });
}
