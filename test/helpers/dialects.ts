import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDatabase, type Db, type DialectName } from '../../src/db/database.js';

/** SQLite always; PostgreSQL too when TEST_PG_URL points at a server (`.ci/run` sets it). */
export const DIALECTS: DialectName[] = process.env.TEST_PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestDatabase {
  db: Db;
  /** A URL (PostgreSQL) or file path (SQLite) that reaches the same data from another process. */
  location: { databaseUrl?: string; dataDir: string };
  drop(): Promise<void>;
}

/** A fresh, empty database of the dialect: its own SQLite file, or its own PostgreSQL database. */
export async function freshDatabase(dialect: DialectName): Promise<TestDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-test-'));
  if (dialect === 'sqlite') {
    const db = createDatabase({ sqliteFile: path.join(dataDir, 'gatehouse.sqlite') });
    return {
      db,
      location: { dataDir },
      async drop() {
        await db.destroy();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const adminUrl = process.env.TEST_PG_URL!;
  const name = `gatehouse_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = createDatabase({ postgresUrl: url.toString() });
  return {
    db,
    location: { databaseUrl: url.toString(), dataDir },
    async drop() {
      await db.destroy();
      const again = new pg.Client({ connectionString: adminUrl });
      await again.connect();
      await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await again.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
