import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { loadConfig } from '../../src/config/config.js';
import { openDatabase } from '../../src/runtime.js';
import { freshDatabase } from '../helpers/dialects.js';

describe('the PostgreSQL pool size (GATEHOUSE_DATABASE_POOL_MAX)', () => {
  it('is 10 by default and refuses a value that is not an integer of at least 1', () => {
    assert.equal(loadConfig({}).databasePoolMax, 10);
    assert.equal(loadConfig({ GATEHOUSE_DATABASE_POOL_MAX: '4' }).databasePoolMax, 4);
    for (const raw of ['0', '2.5', 'many'])
      assert.throws(() => loadConfig({ GATEHOUSE_DATABASE_POOL_MAX: raw }), {
        message: `GATEHOUSE_DATABASE_POOL_MAX must be an integer ≥ 1, got ${JSON.stringify(raw)}`,
      });
  });

  it('bounds the connections a process opens: queries beyond it wait for one', { skip: !process.env.TEST_PG_URL }, async () => {
    const target = await freshDatabase('postgres');
    const db = openDatabase(
      loadConfig({
        DATABASE_URL: target.location.databaseUrl!,
        GATEHOUSE_DATA_DIR: target.location.dataDir,
        GATEHOUSE_DATABASE_POOL_MAX: '3',
      }),
    );
    try {
      // Nine queries at once, each holding its connection a moment: the server sees three at most.
      const seen = await Promise.all(
        Array.from({ length: 9 }, async () => {
          const { rows } = await sql<{ n: number }>`
            select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()
              and backend_type = 'client backend' and pg_sleep(0.05) is not null`.execute(db.kysely);
          return rows[0].n + 1;
        }),
      );
      assert.equal(Math.max(...seen), 3, `connections seen: ${seen.join(', ')}`);
      const stats = db.stats();
      assert.equal(stats.pool?.max, 3);
      assert.ok(stats.pool!.open <= 3, `${stats.pool!.open} open`);
    } finally {
      await db.destroy();
      await target.drop();
    }
  });
});
