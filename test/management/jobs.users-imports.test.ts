import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ManagementClient } from 'auth0';
import { DIALECTS } from '../helpers/dialects.js';
import type { TestServer } from '../helpers/start-server.js';
import { startWithSdk } from '../helpers/management-sdk.js';
import { hashVectors } from '../users/hash-vectors.js';
import { importJobRow } from '../jobs/job-rows.js';
import { CALLBACK, authorize, createAgent, registerApp, signInWithPassword } from '../login/login.fixtures.js';

const PASSWORD = 'Imported-Original-9';

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

for (const dialect of DIALECTS) {
  describe(`users import jobs [${dialect}]`, () => {
    let server: TestServer;
    let management: ManagementClient;
    before(async () => {
      ({ server, management } = await startWithSdk(dialect));
    });
    after(async () => {
      await server.close();
    });

    const db = () => server.database.db.kysely;
    const file = (rows: unknown[]) => Buffer.from(JSON.stringify(rows));

    async function importAndWait(connectionId: string, rows: unknown[], extra: { upsert?: boolean; external_id?: string } = {}) {
      const created = await management.jobs.usersImports.create({ users: file(rows), connection_id: connectionId, ...extra });
      assert.equal(created.type, 'users_import');
      assert.equal(created.connection_id, connectionId);
      return until(`job ${created.id}`, async () => {
        const job = await management.jobs.get(created.id);
        return job.status === 'completed' || job.status === 'failed' ? job : undefined;
      });
    }

    async function organizationWithConnection(name: string) {
      const org = await management.organizations.create({ name, display_name: name });
      const connection = await management.connections.create({ name: `${name}-db`, strategy: 'auth0' });
      await management.organizations.enabledConnections.add(org.id!, { connection_id: connection.id! });
      return { org, connection };
    }

    it('imports every supported hash; each user signs in with the original password and is upgraded to argon2id', async () => {
      const { org, connection } = await organizationWithConnection('importers');
      const vectors = await hashVectors(PASSWORD);
      const good = Object.entries(vectors).map(([name, fields]) => ({
        email: `${name}@importers.example`,
        email_verified: true,
        given_name: name,
        user_metadata: { source: 'legacy' },
        gatehouse_organizations: [org.id],
        ...fields,
      }));
      const bad = [
        { email: 'not-an-email' },
        { email: 'md4@importers.example', custom_password_hash: { algorithm: 'md4', hash: { value: 'aa' } } },
        { email: 'extra@importers.example', favourite_colour: 'green' },
        { email: 'orgless@importers.example', gatehouse_organizations: ['org_doesnotexist00'] },
        { email: good[0].email.toUpperCase(), password_hash: vectors.bcrypt.password_hash },
      ];
      const rows = [good[0], ...bad.slice(0, 2), ...good.slice(1), ...bad.slice(2)];
      const job = await importAndWait(connection.id!, rows, { external_id: 'migration-1' });
      assert.equal(job.status, 'completed');
      assert.deepEqual(job.summary, { inserted: good.length, updated: 0, failed: bad.length, total: rows.length });
      assert.equal(job.percentage_done, 100);
      assert.equal(job.external_id, 'migration-1');

      const errors = (await management.jobs.errors.get(job.id)) as {
        user: Record<string, unknown>;
        errors: { code: string; path: string }[];
      }[];
      assert.deepEqual(
        errors.map((e) => [e.user.email, e.errors.map((x) => `${x.code}:${x.path}`)]),
        [
          ['not-an-email', ['INVALID_FORMAT:email']],
          ['md4@importers.example', ['INVALID_FORMAT:custom_password_hash.algorithm']],
          ['extra@importers.example', ['OBJECT_ADDITIONAL_PROPERTIES:favourite_colour']],
          ['orgless@importers.example', ['INEXISTENT_ORGANIZATION:gatehouse_organizations']],
          [good[0].email.toUpperCase(), ['DUPLICATED_USER:email']],
        ],
      );
      assert.ok(
        errors.every((e) => !('password_hash' in e.user) && !('custom_password_hash' in e.user)),
        'no hash in the error report',
      );

      const events = await db().selectFrom('events').select(['type', 'action', 'actor_id', 'user_id', 'details']).orderBy('id').execute();
      const ofJob = events.filter((e) => (JSON.parse(e.details) as { job_id?: string }).job_id === job.id);
      assert.deepEqual(
        ofJob.map((e) => e.action),
        ['users_import_started', 'users_imported', 'users_import_completed'],
      );
      assert.ok(
        ofJob.every((e) => e.actor_id === server.bootstrap.clientId),
        'the events carry who started the job',
      );
      // One event per batch (one here), as an API change naming the users it created: no event per
      // imported user (Auth0 logs none per imported user either).
      const batch = ofJob[1];
      assert.equal(batch.type, 'sapi');
      assert.equal(batch.user_id, null);
      const imported = await db()
        .selectFrom('users')
        .innerJoin('identities', 'identities.user_id', 'users.id')
        .select('users.id')
        .where('identities.connection_id', '=', connection.id!)
        .execute();
      const details = JSON.parse(batch.details) as { summary: unknown; user_ids: { created: string[]; updated: string[] } };
      assert.deepEqual(details.summary, { inserted: good.length, updated: 0, failed: bad.length });
      assert.deepEqual([...details.user_ids.created].sort(), imported.map((u) => u.id).sort());
      assert.deepEqual(details.user_ids.updated, []);

      const { config } = await registerApp(server, { organization_usage: 'allow' });
      for (const row of good) {
        const user = await db()
          .selectFrom('users')
          .innerJoin('identities', 'identities.user_id', 'users.id')
          .select(['users.id', 'identities.password_hash', 'users.given_name'])
          .where('users.email_normalized', '=', row.email)
          .executeTakeFirstOrThrow();
        assert.equal(user.given_name, row.given_name);
        const member = await db()
          .selectFrom('organization_members')
          .select('user_id')
          .where('user_id', '=', user.id)
          .where('organization_id', '=', org.id!)
          .executeTakeFirst();
        assert.ok(member, `${row.given_name}: member of the organization`);
        const agent = createAgent();
        const flow = await authorize(config, agent, { organization: org.id! });
        const done = await signInWithPassword(agent, flow.page, row.email, PASSWORD);
        assert.ok(done.url.startsWith(CALLBACK), `${row.given_name}: signed in (${done.status})`);
        const after = await db().selectFrom('identities').select('password_hash').where('user_id', '=', user.id).executeTakeFirstOrThrow();
        assert.match(after.password_hash!, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/, `${row.given_name}: upgraded`);
      }
    });

    it('upsert updates the existing users and inserts the new ones; without it they are reported', async () => {
      const { connection } = await organizationWithConnection('upserts');
      const first = await importAndWait(connection.id!, [
        { email: 'ann@upserts.example', name: 'Ann', user_id: 'ann-1' },
        { email: 'bob@upserts.example', name: 'Bob' },
      ]);
      assert.deepEqual(first.summary, { inserted: 2, updated: 0, failed: 0, total: 2 });
      const again = [
        { email: 'ann@upserts.example', name: 'Ann Updated', app_metadata: { plan: 'gold' } },
        { email: 'cat@upserts.example', name: 'Cat' },
      ];
      const refused = await importAndWait(connection.id!, again);
      assert.deepEqual(refused.summary, { inserted: 1, updated: 0, failed: 1, total: 2 });
      const upserted = await importAndWait(connection.id!, [{ ...again[0], user_id: 'ann-1' }, { email: 'dan@upserts.example' }], {
        upsert: true,
      });
      assert.deepEqual(upserted.summary, { inserted: 1, updated: 1, failed: 0, total: 2 });
      const upsertEvents = await db().selectFrom('events').select(['action', 'details']).where('action', '=', 'users_imported').execute();
      const [upsertBatch] = upsertEvents.map((e) => JSON.parse(e.details)).filter((d) => d.job_id === upserted.id);
      const dan = await db().selectFrom('users').select('id').where('email', '=', 'dan@upserts.example').executeTakeFirstOrThrow();
      assert.deepEqual(upsertBatch.user_ids, { created: [dan.id], updated: ['auth0|ann-1'] });
      const ann = await management.users.get('auth0|ann-1');
      assert.equal(ann.name, 'Ann Updated');
      assert.deepEqual(ann.app_metadata, { plan: 'gold' });
      const users = await db().selectFrom('users').select('email').where('email', 'like', '%@upserts.example').orderBy('email').execute();
      assert.deepEqual(
        users.map((u) => u.email),
        ['ann@upserts.example', 'bob@upserts.example', 'cat@upserts.example', 'dan@upserts.example'],
      );
    });

    it('refuses a second import while one runs for the connection, a file that is not a JSON array, and unknown jobs', async () => {
      const { connection } = await organizationWithConnection('one-at-a-time');
      // A job another process holds (its lease far ahead), so that it stays active here.
      await db()
        .insertInto('user_jobs')
        .values(
          importJobRow({
            id: 'job_heldelsewhere0001',
            status: 'processing',
            connection_id: connection.id!,
            active_connection_id: connection.id!,
            lease_owner: 'elsewhere',
            lease_until: '2999-01-01T00:00:00.000Z',
            started_at: new Date().toISOString(),
          }),
        )
        .execute();
      const form = (users: string, fields: Record<string, string>) => {
        const body = new FormData();
        body.append('users', new Blob([users], { type: 'application/json' }), 'users.json');
        for (const [k, v] of Object.entries(fields)) body.append(k, v);
        return body;
      };
      const post = async (body: FormData) => {
        const res = await fetch(`${server.url}/api/v2/jobs/users-imports`, {
          method: 'POST',
          headers: { authorization: `Bearer ${await server.token()}` },
          body,
        });
        return { status: res.status, body: (await res.json()) as { message: string; errorCode?: string } };
      };
      const busy = await post(form('[{"email":"a@b.example"}]', { connection_id: connection.id! }));
      assert.equal(busy.status, 409);
      assert.equal(busy.body.errorCode, 'job_conflict');

      const other = await management.connections.create({ name: 'not-an-array-db', strategy: 'auth0' });
      const notArray = await post(form('{"email":"a@b.example"}', { connection_id: other.id! }));
      assert.equal(notArray.status, 400);
      assert.match(notArray.body.message, /users/);
      const badFlag = await post(form('[{"email":"a@b.example"}]', { connection_id: other.id!, upsert: 'yes' }));
      assert.equal(badFlag.status, 400);
      assert.match(badFlag.body.message, /upsert/);
      const noConnection = await post(form('[{"email":"a@b.example"}]', {}));
      assert.equal(noConnection.status, 400);
      assert.match(noConnection.body.message, /connection_id/);

      assert.equal((await server.api('GET', '/jobs/job_doesnotexist0000')).status, 404);
    });
  });
}
