import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';

// The server goes on answering while an import runs: its progress is seen part-way, and other
// requests are served between its batches. On SQLite the driver is synchronous, so a runner that
// never gave the event loop a turn held every request (this test's included) until the job ended.
const ROWS = 2000;

interface Job {
  status: string;
  percentage_done: number;
  summary: { inserted: number; total: number };
}

for (const dialect of DIALECTS) {
  describe(`a users import leaves the server responsive [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect, { env: { GATEHOUSE_IMPORT_BATCH_SIZE: '10' } });
    });
    after(async () => {
      await server.close();
    });

    it('answers requests between batches: the job is seen in progress', async () => {
      const connection = (await server.api('POST', '/connections', { name: 'responsive-db', strategy: 'auth0' })).body as { id: string };
      const body = new FormData();
      const rows = Array.from({ length: ROWS }, (_, i) => ({ email: `user${i}@responsive.example` }));
      body.append('users', new Blob([JSON.stringify(rows)], { type: 'application/json' }), 'users.json');
      body.append('connection_id', connection.id);
      const res = await fetch(`${server.url}/api/v2/jobs/users-imports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await server.token()}` },
        body,
      });
      assert.equal(res.status, 201);
      const { id } = (await res.json()) as { id: string };
      const seen: Job[] = [];
      for (;;) {
        const job = (await server.api('GET', `/jobs/${id}`)).body as Job;
        seen.push(job);
        if (job.status === 'completed' || job.status === 'failed') break;
      }
      assert.equal(seen.at(-1)!.status, 'completed');
      assert.equal(seen.at(-1)!.summary.inserted, ROWS);
      const midway = seen.filter((j) => j.status === 'processing' && j.summary.inserted > 0 && j.summary.inserted < ROWS);
      assert.ok(midway.length > 0, `progress seen part-way: ${seen.map((j) => `${j.status} ${j.summary.inserted}`).join(', ')}`);
    });
  });
}
