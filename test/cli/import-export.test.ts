import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BIN } from '../helpers/cli-process.js';
import { DIALECTS, freshDatabase } from '../helpers/dialects.js';
import { migrateToLatest } from '../../src/db/migrate.js';

// `gatehouse import users` and `gatehouse export users` against a database, as an operator runs them
// (not on a terminal: plain progress lines, the errors one per line).
for (const dialect of DIALECTS) {
  describe(`gatehouse import/export users [${dialect}]`, () => {
    it('imports a file into a connection by name, reports the bad row, then exports CSV', async () => {
      const database = await freshDatabase(dialect);
      try {
        await migrateToLatest(database.db.kysely);
        const now = new Date().toISOString();
        await database.db.kysely
          .insertInto('connections')
          .values({
            id: 'con_clitest000000001',
            name: 'cli-db',
            strategy: 'auth0',
            display_name: null,
            options: '{}',
            metadata: '{}',
            organization_id: null,
            is_domain_connection: 0,
            created_at: now,
            updated_at: now,
          })
          .execute();
        const env = {
          ...process.env,
          GATEHOUSE_DATA_DIR: database.location.dataDir,
          ...(database.location.databaseUrl ? { DATABASE_URL: database.location.databaseUrl } : {}),
        };
        const file = path.join(database.location.dataDir, 'users.json');
        fs.writeFileSync(file, JSON.stringify([{ email: 'one@cli.example', name: 'One' }, { email: 'bad' }, { email: 'two@cli.example' }]));
        const imported = spawnSync(process.execPath, [BIN, 'import', 'users', file, '--connection', 'cli-db'], { env, encoding: 'utf8' });
        assert.equal(imported.status, 1, `one bad row: exit 1\n${imported.stderr}`);
        assert.match(imported.stderr, /completed 100% 2 inserted, 0 updated, 1 failed of 3/);
        assert.match(imported.stderr, /row "bad": email: /);

        const out = path.join(database.location.dataDir, 'users.csv');
        const exported = spawnSync(
          process.execPath,
          [BIN, 'export', 'users', '--format', 'csv', '--connection', 'cli-db', '--output', out],
          { env, encoding: 'utf8' },
        );
        assert.equal(exported.status, 0, exported.stderr);
        const lines = fs.readFileSync(out, 'utf8').trim().split('\n');
        assert.equal(lines.length, 3);
        assert.ok(lines[0].startsWith('user_id,email,'));
        assert.deepEqual(
          lines
            .slice(1)
            .map((l) => l.split(',')[1])
            .sort(),
          ['one@cli.example', 'two@cli.example'],
        );
      } finally {
        await database.drop();
      }
    });
  });
}
