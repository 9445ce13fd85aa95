import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { eventually } from '../helpers/eventually.js';
import { startServer, type TestServer } from '../helpers/start-server.js';

// One batch holds a whole file here (3 000 rows), so each rule below is decided inside one batch,
// and the biggest file crosses the bound-parameter limit of a single statement on both dialects.
const BATCH = 3000;
// A bcrypt hash as Auth0 exports it; the import stores it as given, without checking a password.
const BCRYPT = '$2b$10$abcdefghijklmnopqrstuuXn3m3g0wJ0b0Q1F0m4b8xZc1G7s0sZW';

interface Job {
  id: string;
  status: string;
  summary: { inserted: number; updated: number; failed: number; total: number };
}

for (const dialect of DIALECTS) {
  describe(`users import batches, set-based [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect, { env: { GATEHOUSE_IMPORT_BATCH_SIZE: String(BATCH), GATEHOUSE_IMPORT_LEASE_MS: '5000' } });
    });
    after(async () => {
      await server.close();
    });

    const db = () => server.database.db.kysely;

    async function importAndWait(connectionId: string, rows: unknown[], upsert = false): Promise<Job> {
      const body = new FormData();
      body.append('users', new Blob([JSON.stringify(rows)], { type: 'application/json' }), 'users.json');
      body.append('connection_id', connectionId);
      if (upsert) body.append('upsert', 'true');
      const res = await fetch(`${server.url}/api/v2/jobs/users-imports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await server.token()}` },
        body,
      });
      assert.equal(res.status, 201);
      const { id } = (await res.json()) as { id: string };
      const job = await eventually(
        async () => (await server.api('GET', `/jobs/${id}`)).body as Job,
        (j) => j.status === 'completed' || j.status === 'failed',
        120_000,
      );
      assert.equal(job.status, 'completed');
      return job;
    }

    async function errorsOf(id: string): Promise<[unknown, string[]][]> {
      const { body } = await server.api('GET', `/jobs/${id}/errors`);
      return (body as { user: { email?: unknown }; errors: { code: string; path: string }[] }[]).map((e) => [
        e.user.email,
        e.errors.map((x) => `${x.code}:${x.path}`),
      ]);
    }

    const connection = async (name: string) =>
      ((await server.api('POST', '/connections', { name, strategy: 'auth0' })).body as { id: string }).id;

    it('refuses only the later of two rows of one batch with the same email or user_id; the others land', async () => {
      const id = await connection('twins-db');
      const job = await importAndWait(id, [
        { email: 'ann@twins.example', user_id: 'ann-1' },
        { email: 'ANN@twins.example', name: 'Ann again' },
        { email: 'bob@twins.example', user_id: 'ann-1' },
        { email: 'cat@twins.example' },
      ]);
      assert.deepEqual(job.summary, { inserted: 2, updated: 0, failed: 2, total: 4 });
      assert.deepEqual(await errorsOf(job.id), [
        ['ANN@twins.example', ['DUPLICATED_USER:email']],
        ['bob@twins.example', ['DUPLICATED_USER:user_id']],
      ]);
      const users = await db()
        .selectFrom('users')
        .innerJoin('identities', 'identities.user_id', 'users.id')
        .select(['users.id', 'users.email', 'users.name'])
        .where('identities.connection_id', '=', id)
        .orderBy('users.email')
        .execute();
      assert.deepEqual(
        users.map((u) => [u.email, u.name]),
        [
          ['ann@twins.example', null],
          ['cat@twins.example', null],
        ],
      );
      assert.equal(users[0].id, 'auth0|ann-1');
    });

    it('refuses a user_id another connection already uses, and an upsert that would change a user_id', async () => {
      const elsewhere = await connection('elsewhere-db');
      const id = await connection('taken-db');
      await importAndWait(elsewhere, [{ email: 'dan@elsewhere.example', user_id: 'dan-1' }]);
      await importAndWait(id, [{ email: 'eve@taken.example', user_id: 'eve-1' }]);
      const job = await importAndWait(
        id,
        [
          { email: 'dan@taken.example', user_id: 'dan-1' },
          { email: 'eve@taken.example', user_id: 'eve-2' },
          { email: 'fay@taken.example' },
        ],
        true,
      );
      assert.deepEqual(job.summary, { inserted: 1, updated: 0, failed: 2, total: 3 });
      assert.deepEqual(await errorsOf(job.id), [
        ['dan@taken.example', ['DUPLICATED_USER:user_id']],
        ['eve@taken.example', ['INVALID_UPDATE:user_id']],
      ]);
    });

    it('takes an email that a user of another connection has: emails collide within a connection only', async () => {
      const elsewhere = await connection('shared-elsewhere-db');
      const id = await connection('shared-db');
      await importAndWait(elsewhere, [{ email: 'kim@shared.example', name: 'Kim elsewhere' }]);
      const job = await importAndWait(id, [{ email: 'KIM@shared.example', name: 'Kim' }], true);
      assert.deepEqual(job.summary, { inserted: 1, updated: 0, failed: 0, total: 1 });
      const kims = await db()
        .selectFrom('users')
        .innerJoin('identities', 'identities.user_id', 'users.id')
        .select(['users.name', 'identities.connection_id'])
        .where('users.email_normalized', '=', 'kim@shared.example')
        .orderBy('users.name')
        .execute();
      assert.deepEqual(
        kims.map((k) => [k.name, k.connection_id]),
        [
          ['Kim', id],
          ['Kim elsewhere', elsewhere],
        ],
      );
    });

    it('upserts a batch: each row replaces only what it gives, hashes as given, memberships once', async () => {
      const id = await connection('upsert-batch-db');
      const orgs: string[] = [];
      for (const name of ['upsert-one', 'upsert-two']) orgs.push((await server.api('POST', '/organizations', { name })).body.id);
      const first = await importAndWait(id, [
        { email: 'gil@upsert.example', name: 'Gil', nickname: 'g', gatehouse_organizations: [orgs[0]] },
        { email: 'hal@upsert.example', name: 'Hal', user_metadata: { old: true }, app_metadata: { plan: 'free' } },
        { email: 'ivy@upsert.example', name: 'Ivy' },
      ]);
      assert.deepEqual(first.summary, { inserted: 3, updated: 0, failed: 0, total: 3 });
      const job = await importAndWait(
        id,
        [
          { email: 'gil@upsert.example', name: 'Gil Updated', gatehouse_organizations: [orgs[0], orgs[1]] },
          { email: 'HAL@upsert.example', blocked: true, email_verified: true, user_metadata: { fresh: 1 }, password_hash: BCRYPT },
          { email: 'jon@upsert.example', given_name: 'Jon' },
        ],
        true,
      );
      assert.deepEqual(job.summary, { inserted: 1, updated: 2, failed: 0, total: 3 });
      const rows = await db()
        .selectFrom('users')
        .innerJoin('identities', 'identities.user_id', 'users.id')
        .select([
          'users.id',
          'users.email',
          'users.name',
          'users.nickname',
          'users.given_name',
          'users.blocked',
          'users.email_verified',
          'users.user_metadata',
          'users.app_metadata',
          'identities.password_hash',
        ])
        .where('identities.connection_id', '=', id)
        .orderBy('users.email')
        .execute();
      assert.deepEqual(
        rows.map((u) => [
          u.email,
          u.name,
          u.nickname,
          u.given_name,
          Number(u.blocked),
          Number(u.email_verified),
          JSON.parse(u.user_metadata),
          JSON.parse(u.app_metadata),
          u.password_hash,
        ]),
        [
          ['gil@upsert.example', 'Gil Updated', 'g', null, 0, 0, {}, {}, null],
          ['hal@upsert.example', 'Hal', null, null, 1, 1, { fresh: 1 }, { plan: 'free' }, BCRYPT],
          ['ivy@upsert.example', 'Ivy', null, null, 0, 0, {}, {}, null],
          ['jon@upsert.example', null, null, 'Jon', 0, 0, {}, {}, null],
        ],
      );
      const memberships = await db()
        .selectFrom('organization_members')
        .select('organization_id')
        .where('user_id', '=', rows[0].id)
        .orderBy('organization_id')
        .execute();
      assert.deepEqual(
        memberships.map((m) => m.organization_id),
        [...orgs].sort(),
      );
      // One event for the batch, naming the job and the users it wrote in file order; none per user.
      const events = await db().selectFrom('events').select(['action', 'details']).orderBy('id').execute();
      const ofJob = events.filter((e) => (JSON.parse(e.details) as { job_id?: string }).job_id === job.id);
      assert.deepEqual(
        ofJob.map((e) => e.action),
        ['users_import_started', 'users_imported', 'users_import_completed'],
      );
      assert.deepEqual(JSON.parse(ofJob[1].details).user_ids, { created: [rows[3].id], updated: [rows[0].id, rows[1].id] });
      assert.deepEqual(JSON.parse(ofJob[1].details).summary, { inserted: 1, updated: 2, failed: 0 });
      assert.deepEqual(JSON.parse(ofJob[1].details).rows, { first: 0, count: 3 });
    });

    it('imports and upserts a batch larger than one statement may bind', async () => {
      const id = await connection('wide-db');
      const rows = Array.from({ length: BATCH }, (_, i) => ({
        email: `user${i}@wide.example`,
        email_verified: true,
        username: `user${i}`,
        name: `User ${i}`,
        given_name: 'Given',
        family_name: 'Family',
        nickname: `u${i}`,
        picture: `https://pictures.example/${i}.png`,
        user_metadata: { i },
        app_metadata: { plan: 'free' },
      }));
      const inserted = await importAndWait(id, rows);
      assert.deepEqual(inserted.summary, { inserted: BATCH, updated: 0, failed: 0, total: BATCH });
      const upserted = await importAndWait(
        id,
        rows.map((row, i) => ({ ...row, name: `Renamed ${i}`, blocked: i % 2 === 0, password_hash: BCRYPT })),
        true,
      );
      assert.deepEqual(upserted.summary, { inserted: 0, updated: BATCH, failed: 0, total: BATCH });
      const last = await db()
        .selectFrom('users')
        .innerJoin('identities', 'identities.user_id', 'users.id')
        .select(['users.name', 'users.blocked', 'identities.password_hash'])
        .where('users.email_normalized', '=', `user${BATCH - 2}@wide.example`)
        .executeTakeFirstOrThrow();
      assert.deepEqual([last.name, Number(last.blocked), last.password_hash], [`Renamed ${BATCH - 2}`, 1, BCRYPT]);
      const renamed = await db()
        .selectFrom('users')
        .select(db().fn.countAll<number>().as('n'))
        .where('name', 'like', 'Renamed %')
        .executeTakeFirstOrThrow();
      assert.equal(Number(renamed.n), BATCH);
    });
  });
}
