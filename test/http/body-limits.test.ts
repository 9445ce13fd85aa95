// A body over the limit is refused with 413, and the keep-alive connection it came on is either
// closed or ready for the next request: never left waiting behind the unread rest of the body.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { RawConnection } from '../helpers/raw-http.js';

const TWO_MB = 2 * 1024 * 1024;

describe('bodies over the limit', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer('sqlite');
  });
  after(async () => {
    await server.close();
  });

  /** Sends the oversized body, expects 413, then proves the connection is not stuck. */
  async function assertRefusedAndNotStuck(path: string, headers: Record<string, string>, body: string) {
    const connection = new RawConnection(server.url);
    try {
      connection.send('POST', path, { connection: 'keep-alive', ...headers }, body);
      const refused = await connection.response(5000);
      assert.equal(refused?.status, 413);
      connection.send('GET', '/health', {});
      const next = await connection.response(2000);
      if (next) {
        assert.equal(next.status, 200);
      } else {
        // No answer on this connection: it must have been closed (not left hanging), and a new one works.
        assert.equal(connection.closed, true, 'the connection was neither served nor closed');
        assert.equal((await fetch(`${server.url}/health`)).status, 200);
      }
    } finally {
      connection.close();
    }
  }

  it('answers 413 to a 2 MB JSON token request and does not leave the connection hanging', async () => {
    await assertRefusedAndNotStuck(
      '/oauth/token',
      { 'content-type': 'application/json' },
      JSON.stringify({ grant_type: 'client_credentials', client_id: 'x', padding: 'x'.repeat(TWO_MB) }),
    );
  });

  it('answers 413 invalid body on the Management API and does not leave the connection hanging', async () => {
    const token = await server.token();
    await assertRefusedAndNotStuck(
      '/api/v2/organizations',
      { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      JSON.stringify({ name: 'big', padding: 'x'.repeat(TWO_MB) }),
    );
  });

  it('answers 413 to a 2 MB login form and does not leave the connection hanging', async () => {
    await assertRefusedAndNotStuck(
      '/login/some-interaction/password',
      { 'content-type': 'application/x-www-form-urlencoded' },
      `password=${'x'.repeat(TWO_MB)}`,
    );
  });
});
