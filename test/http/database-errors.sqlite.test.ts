// SQLite refusing work (a lock held by another process past busy_timeout, a full disk) is a clear
// 503 database_unavailable with Retry-After on every surface, and the server recovers once released.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { startServer, type TestServer } from '../helpers/start-server.js';

const UNAVAILABLE = {
  statusCode: 503,
  error: 'Service Unavailable',
  message: 'The service is temporarily unavailable. Try again shortly.',
  errorCode: 'database_unavailable',
};

describe('SQLite errors [sqlite]', () => {
  let server: TestServer;
  let token: string;
  before(async () => {
    server = await startServer('sqlite');
    token = await server.token();
    // Wait 50 ms for a lock, not 5 s: the test holds it on purpose.
    await sql.raw('PRAGMA busy_timeout = 50').execute(server.database.db.kysely);
  });
  after(async () => {
    await server.close();
  });

  const createOrganization = (name: string) => server.api('POST', '/organizations', { name }, token);

  it('answers 503 database_unavailable while another process holds the write lock (SQLITE_BUSY), then recovers', async () => {
    const other = new SQLite(path.join(server.database.location.dataDir, 'gatehouse.sqlite'));
    try {
      other.exec('BEGIN EXCLUSIVE');
      const refused = await createOrganization('busy-org');
      assert.equal(refused.status, 503);
      assert.deepEqual(refused.body, UNAVAILABLE);
      assert.equal(refused.headers.get('retry-after'), '5');

      const reset = await fetch(`${server.url}/login/reset`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'email=someone%40example.com',
      });
      assert.equal(reset.status, 503);
      assert.equal(reset.headers.get('retry-after'), '5');
      assert.match(await reset.text(), /<h1>Try again shortly<\/h1>/);
      other.exec('ROLLBACK');
    } finally {
      other.close();
    }
    const created = await createOrganization('busy-org');
    assert.equal(created.status, 201);
  });

  it('answers 503 database_unavailable when the database is full (SQLITE_FULL), then recovers', async () => {
    const db = server.database.db.kysely;
    const { page_count: pages } = (await sql.raw<{ page_count: number }>('PRAGMA page_count').execute(db)).rows[0];
    await sql.raw(`PRAGMA max_page_count = ${pages}`).execute(db);
    let refused: Awaited<ReturnType<typeof createOrganization>> | undefined;
    try {
      // Free room in the last pages takes a few rows before the file must grow.
      for (let i = 0; i < 200 && !refused; i += 1) {
        const res = await server.api('POST', '/organizations', { name: `full-${i}`, display_name: 'x'.repeat(255) }, token);
        if (res.status !== 201) refused = res;
      }
    } finally {
      await sql.raw('PRAGMA max_page_count = 1073741823').execute(db);
    }
    assert.ok(refused, 'the database never filled up');
    assert.equal(refused.status, 503);
    assert.deepEqual(refused.body, UNAVAILABLE);
    assert.equal((await createOrganization('after-full')).status, 201);
    assert.equal((await fetch(`${server.url}/health`)).status, 200);
  });
});
