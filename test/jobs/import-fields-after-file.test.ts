import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';

// Auth0's form fields may follow the users file (its SDK and curl -F put them in either order). The
// file is stored as it streams in, chunk by chunk, so the server reads it more slowly than the body
// arrives: the request has ended while the parser still holds the fields after the file. A parser
// that ended the parts there (@fastify/multipart before 10.1, on the request's `close`) lost them and
// answered "Missing required property: connection_id", more often the slower the storage.
const ROWS = 2000;
const ROUNDS = 8;

for (const dialect of DIALECTS) {
  describe(`a users import whose fields follow the file [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      // Ten rows per stored chunk: many writes per file, a slow reader of the file's stream.
      server = await startServer(dialect, { env: { GATEHOUSE_IMPORT_BATCH_SIZE: '10' } });
    });
    after(async () => {
      await server.close();
    });

    it('reads the fields after the file, every time', async () => {
      const rows = JSON.stringify(Array.from({ length: ROWS }, (_, i) => ({ email: `user${i}@after-file.example`, name: `User ${i}` })));
      for (let round = 0; round < ROUNDS; round++) {
        const connection = (await server.api('POST', '/connections', { name: `after-file-${round}`, strategy: 'auth0' })).body as {
          id: string;
        };
        const body = new FormData();
        body.append('users', new Blob([rows], { type: 'application/json' }), 'users.json');
        body.append('connection_id', connection.id);
        body.append('external_id', `round-${round}`);
        body.append('send_completion_email', 'false');
        const res = await fetch(`${server.url}/api/v2/jobs/users-imports`, {
          method: 'POST',
          headers: { authorization: `Bearer ${await server.token()}` },
          body,
        });
        const job = (await res.json()) as { connection_id?: string; external_id?: string; message?: string };
        assert.equal(res.status, 201, `round ${round}: ${job.message}`);
        assert.equal(job.connection_id, connection.id);
        assert.equal(job.external_id, `round-${round}`);
      }
    });
  });
}
