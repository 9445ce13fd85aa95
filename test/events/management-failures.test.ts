// A Management API call that fails records Auth0's `fapi` and nothing else: every failed write, and
// every call refused for its token (401) or its scopes (403). The event names the call and the
// answer, never what was sent; recording it can never change the answer.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { DialectName } from '../../src/db/database.js';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { assertIncludes, eventsOf } from './events.fixtures.js';

const PASSWORD = 'Refused-horse-battery-2718';

interface Failure {
  name: string;
  method: string;
  path: string;
  body?: unknown;
  /** The token's scopes; all by default, none sent when null. */
  scopes?: string[] | null;
  status: number;
  errorCode: string;
}

const FAILURES: Failure[] = [
  {
    name: 'a conflicting create (409)',
    method: 'POST',
    path: '/connections',
    body: { name: 'taken', strategy: 'auth0' },
    status: 409,
    errorCode: 'connection_conflict',
  },
  { name: 'a delete of nothing (404)', method: 'DELETE', path: '/roles/rol_missing', status: 404, errorCode: 'inexistent_role' },
  {
    name: 'an invalid body (400), whose password is not recorded',
    method: 'POST',
    path: '/users',
    body: { connection: 'taken', email: 'not-an-email', password: PASSWORD },
    status: 400,
    errorCode: 'invalid_body',
  },
  {
    name: 'a write to an unknown route (404)',
    method: 'PATCH',
    path: '/nothing-here?x=1',
    body: {},
    status: 404,
    errorCode: 'inexistent_route',
  },
  {
    name: 'a write without the scope (403)',
    method: 'POST',
    path: '/roles',
    body: { name: 'no-scope' },
    scopes: ['read:roles'],
    status: 403,
    errorCode: 'insufficient_scope',
  },
  {
    name: 'a read without the scope (403)',
    method: 'GET',
    path: '/users?q=secret',
    scopes: ['read:roles'],
    status: 403,
    errorCode: 'insufficient_scope',
  },
  { name: 'a read without a token (401)', method: 'GET', path: '/organizations', scopes: null, status: 401, errorCode: 'invalid_token' },
];

for (const dialect of DIALECTS) {
  describe(`failed Management API calls record fapi [${dialect}]`, () => {
    let server: TestServer;
    const db = () => server.database.db.kysely;
    before(async () => {
      server = await startServer(dialect);
      assert.equal((await server.api('POST', '/connections', { name: 'taken', strategy: 'auth0' })).status, 201);
    });
    after(async () => {
      await server?.close();
    });

    async function tokenFor(scopes: string[] | null | undefined): Promise<string | undefined> {
      if (scopes === null) return undefined;
      return scopes ? server.token(scopes) : server.token();
    }

    /** fetch, so that a call without a token really sends none. */
    async function send(f: Pick<Failure, 'method' | 'path' | 'body'>, token: string | undefined) {
      const res = await fetch(`${server.url}/api/v2${f.path}`, {
        method: f.method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(f.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: f.body === undefined ? undefined : JSON.stringify(f.body),
      });
      return { status: res.status, body: await res.json() };
    }

    for (const f of FAILURES) {
      it(`records one fapi and no change for ${f.name}`, async () => {
        const token = await tokenFor(f.scopes);
        let res!: Awaited<ReturnType<typeof send>>;
        const recorded = await eventsOf(server, async () => {
          res = await send(f, token);
        });
        assert.equal(res.status, f.status);
        assert.equal(res.body.errorCode, f.errorCode);
        assert.equal(recorded.length, 1, `events: ${recorded.map((e) => e.type).join(', ')}`);
        const [event] = recorded;
        const anonymous = f.scopes === null;
        assertIncludes(event, { type: 'fapi', action: 'fapi', actor_type: anonymous ? 'anonymous' : 'client', ip: '127.0.0.1' }, f.name);
        const details = JSON.parse(event.details);
        assert.deepEqual(details.request, { method: f.method, path: `/api/v2${f.path.split('?')[0]}` });
        assert.deepEqual(details.response, { statusCode: f.status, error_code: f.errorCode });
        assert.equal(details.action, undefined);
        assert.ok(!event.details.includes(PASSWORD));
      });
    }

    it('records nothing for a read that fails with 404', async () => {
      let status = 0;
      const recorded = await eventsOf(server, async () => {
        status = (await server.api('GET', '/roles/rol_missing')).status;
      });
      assert.equal(status, 404);
      assert.deepEqual(recorded, []);
    });

    it('answers as ever when the failed call cannot be recorded, and a change that cannot record its event does not happen', async () => {
      const token = await server.token();
      const expected = await send({ method: 'DELETE', path: '/roles/rol_missing' }, token);
      await refuseEvents(server, dialect);
      try {
        let failed!: Awaited<ReturnType<typeof send>>;
        let change!: Awaited<ReturnType<typeof send>>;
        const recorded = await eventsOf(server, async () => {
          failed = await send({ method: 'DELETE', path: '/roles/rol_missing' }, token);
          change = await send({ method: 'POST', path: '/roles', body: { name: 'never-recorded' } }, token);
        });
        assert.deepEqual(failed, expected);
        assert.equal(change.status, 500);
        assert.deepEqual(recorded, []);
      } finally {
        await allowEvents(server, dialect);
      }
      const roles = await db().selectFrom('roles').select('id').where('name', '=', 'never-recorded').execute();
      assert.deepEqual(roles, [], 'the role rolled back with its event');
    });
  });
}

/** Makes every insert into `events` fail, as a database refusing the write would. */
async function refuseEvents(server: TestServer, dialect: DialectName): Promise<void> {
  const db = server.database.db.kysely;
  if (dialect === 'postgres') {
    await sql`create function refuse_events() returns trigger language plpgsql as $$ begin raise exception 'events refused'; end $$`.execute(
      db,
    );
    await sql`create trigger refuse_events before insert on events for each row execute function refuse_events()`.execute(db);
  } else {
    await sql`create trigger refuse_events before insert on events begin select raise(abort, 'events refused'); end`.execute(db);
  }
}

async function allowEvents(server: TestServer, dialect: DialectName): Promise<void> {
  const db = server.database.db.kysely;
  if (dialect === 'postgres') {
    await sql`drop trigger refuse_events on events`.execute(db);
    await sql`drop function refuse_events()`.execute(db);
  } else {
    await sql`drop trigger refuse_events`.execute(db);
  }
}
