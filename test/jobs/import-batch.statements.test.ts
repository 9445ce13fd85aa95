import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KyselyPlugin } from 'kysely';
import { importBatch, type BatchContext } from '../../src/domain/jobs/import-batch.js';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';

// The batch is set-based: what it costs in statements does not grow with its rows. Measured on
// the statements Kysely sends, for the same mix of rows (new users, upserts with a new hash and a
// membership, refused rows) at two sizes.
const BCRYPT = '$2b$10$abcdefghijklmnopqrstuuXn3m3g0wJ0b0Q1F0m4b8xZc1G7s0sZW';

function counting(): { plugin: KyselyPlugin; count: () => number } {
  let statements = 0;
  return {
    plugin: {
      transformQuery(args) {
        statements += 1;
        return args.node;
      },
      async transformResult(args) {
        return args.result;
      },
    },
    count: () => statements,
  };
}

for (const dialect of DIALECTS) {
  describe(`a users import batch's statements [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect);
    });
    after(async () => {
      await server.close();
    });

    async function statementsFor(size: number): Promise<number> {
      const connection = (await server.api('POST', '/connections', { name: `statements-${size}-db`, strategy: 'auth0' })).body as {
        id: string;
        name: string;
        strategy: string;
      };
      const org = (await server.api('POST', '/organizations', { name: `statements-${size}` })).body as { id: string };
      const ctx = (upsert: boolean): BatchContext => ({
        connection,
        upsert,
        now: new Date().toISOString(),
        actor: { type: 'system', id: 'test' },
        jobId: `job_statements${size}`,
        events: server.app.services.events,
      });
      const email = (i: number) => `user${i}@statements-${size}.example`;
      const db = server.database.db.kysely;
      // Half the users first, then a batch upserting them and adding the other half, with bad rows.
      const existing = Array.from({ length: size / 2 }, (_, i) => ({ email: email(i) }));
      await db.transaction().execute((trx) => importBatch(trx, existing, 0, ctx(false)));
      const rows = Array.from({ length: size }, (_, i) => ({
        email: email(i),
        name: `User ${i}`,
        ...(i % 2 === 0 ? { password_hash: BCRYPT, gatehouse_organizations: [org.id] } : {}),
        ...(i % 5 === 0 ? { blocked: 'yes' } : {}),
      }));
      const counter = counting();
      const outcome = await db
        .withPlugin(counter.plugin)
        .transaction()
        .execute((trx) => importBatch(trx, rows, 0, ctx(true)));
      assert.equal(outcome.failed, size / 5);
      assert.equal(outcome.inserted + outcome.updated + outcome.failed, size);
      assert.ok(outcome.updated > 0 && outcome.inserted > 0);
      return counter.count();
    }

    it('runs as many statements for 400 rows as for 10', async () => {
      const small = await statementsFor(10);
      const large = await statementsFor(400);
      assert.equal(large, small);
      assert.ok(small <= 10, `${small} statements`);
    });
  });
}
