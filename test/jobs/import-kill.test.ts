import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { freePort, startGatehouse, stopGatehouse, type RunningGatehouse, managementToken } from '../helpers/cli-process.js';
import { DIALECTS, freshDatabase, type TestDatabase } from '../helpers/dialects.js';

// A real `gatehouse start` killed with SIGKILL in the middle of an import: the restarted process
// takes the job up at its last committed batch, and the connection ends with every row exactly once.
const CLIENT_ID = 'import-kill-client';
const CLIENT_SECRET = randomBytes(24).toString('hex');
// Enough batches (of 10) that the job is far from done when the test takes the lock right after the
// first commit: the lock, not the row count, stops it mid-job. Each row more is a commit more to
// wait for after the restart: at 3000 a loaded machine took past the 120 s bound below.
const ROWS = 1000;

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function gatehouse(database: TestDatabase, issuer: string, port: number): Promise<RunningGatehouse> {
  return startGatehouse(
    {
      ...(database.location.databaseUrl ? { DATABASE_URL: database.location.databaseUrl } : {}),
      GATEHOUSE_DATA_DIR: database.location.dataDir,
      GATEHOUSE_ISSUER: issuer,
      GATEHOUSE_BOOTSTRAP_CLIENT_ID: CLIENT_ID,
      GATEHOUSE_BOOTSTRAP_CLIENT_SECRET: CLIENT_SECRET,
      GATEHOUSE_IMPORT_BATCH_SIZE: '10',
      GATEHOUSE_IMPORT_LEASE_MS: '2000',
      GATEHOUSE_IMPORT_POLL_MS: '200',
    },
    port,
  );
}

const token = (url: string, issuer: string) => managementToken(url, { id: CLIENT_ID, secret: CLIENT_SECRET }, issuer);

for (const dialect of DIALECTS) {
  describe(`a users import survives kill -9 [${dialect}]`, () => {
    it('resumes at the committed batch: no row twice, none lost', async () => {
      const database = await freshDatabase(dialect);
      const port = await freePort();
      const issuer = `http://localhost:${port}`;
      let running = await gatehouse(database, issuer, port);
      const db = database.db.kysely;
      try {
        const bearer = await token(running.url, issuer);
        const connection = (await (
          await fetch(`${running.url}/api/v2/connections`, {
            method: 'POST',
            headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
            body: JSON.stringify({ name: 'kill-db', strategy: 'auth0' }),
          })
        ).json()) as { id: string };
        const rows = Array.from({ length: ROWS }, (_, i) => ({ email: `user${i}@kill.example`, name: `User ${i}` }));
        const form = new FormData();
        form.append('users', new Blob([JSON.stringify(rows)], { type: 'application/json' }), 'users.json');
        form.append('connection_id', connection.id);
        const created = await fetch(`${running.url}/api/v2/jobs/users-imports`, {
          method: 'POST',
          headers: { authorization: `Bearer ${bearer}` },
          body: form,
        });
        assert.equal(created.status, 201);
        const job = (await created.json()) as { id: string };
        const cursor = async () =>
          Number((await db.selectFrom('user_jobs').select('cursor').where('id', '=', job.id).executeTakeFirstOrThrow()).cursor);
        await until('a first batch committed', async () => ((await cursor()) > 0 ? true : undefined));

        // Hold the job's table so that the next batch cannot commit, then kill the process mid-batch.
        let release!: () => void;
        const held = new Promise<void>((resolve) => {
          release = resolve;
        });
        let locked!: () => void;
        const isLocked = new Promise<void>((resolve) => {
          locked = resolve;
        });
        const holder = db.connection().execute(async (conn) => {
          if (dialect === 'sqlite') await sql`begin immediate`.execute(conn);
          else {
            await sql`begin`.execute(conn);
            await sql`lock table user_jobs in exclusive mode`.execute(conn);
          }
          locked();
          await held;
          await sql`rollback`.execute(conn);
        });
        await isLocked;
        running.child.kill('SIGKILL');
        await new Promise((resolve) => running.child.once('exit', resolve));
        release();
        await holder;
        const atKill = await cursor();
        assert.ok(atKill > 0 && atKill < ROWS, `killed mid-job (cursor ${atKill} of ${ROWS})`);
        const usersAtKill = await db
          .selectFrom('identities')
          .select(db.fn.countAll<number>().as('n'))
          .where('connection_id', '=', connection.id)
          .executeTakeFirstOrThrow();
        assert.equal(Number(usersAtKill.n), atKill, 'the users committed are exactly the rows the cursor passed');

        running = await gatehouse(database, issuer, port);
        const done = await until('the job completed', async () => {
          const row = await db.selectFrom('user_jobs').selectAll().where('id', '=', job.id).executeTakeFirstOrThrow();
          return row.status === 'completed' ? row : undefined;
        });
        assert.deepEqual([Number(done.inserted), Number(done.failed), Number(done.total)], [ROWS, 0, ROWS]);
        const emails = await db
          .selectFrom('users')
          .innerJoin('identities', 'identities.user_id', 'users.id')
          .select('users.email')
          .where('identities.connection_id', '=', connection.id)
          .execute();
        assert.equal(emails.length, ROWS, 'none lost');
        assert.equal(new Set(emails.map((e) => e.email)).size, ROWS, 'none twice');
      } finally {
        await stopGatehouse(running);
        await database.drop();
      }
    });
  });
}
