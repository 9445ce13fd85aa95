import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type { Database } from './schema/database.js';

export type { Database } from './schema/database.js';
export type DialectName = 'sqlite' | 'postgres';

/** A Kysely handle and the dialect behind it. */
export interface Db {
  kysely: Kysely<Database>;
  dialect: DialectName;
  destroy(): Promise<void>;
}

/** Where the data lives: a PostgreSQL URL, or an SQLite file (`:memory:` allowed for tests). */
export type DatabaseTarget = { postgresUrl: string } | { sqliteFile: string };

// PostgreSQL returns int8 as strings; counts come back as int8.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));

const STATEMENT_CACHE_SIZE = 500;

/**
 * better-sqlite3 compiles SQL on every `prepare`; Kysely prepares every query it runs. The same few
 * hundred SQL texts repeat, so compiled statements are kept and reused (a login runs ~45 queries).
 * Statements are only ever run to completion (no iterators), so sharing one is safe.
 */
function withStatementCache(sqlite: SQLite.Database) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (!statement) {
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.clear();
        statement = sqlite.prepare(sql);
        cache.set(sql, statement);
      }
      return statement;
    },
    close() {
      cache.clear();
      sqlite.close();
    },
  };
}

/** Opens the database. SQLite runs in WAL mode with foreign keys enforced. */
export function createDatabase(target: DatabaseTarget): Db {
  if ('postgresUrl' in target) {
    const pool = new pg.Pool({ connectionString: target.postgresUrl, max: 10 });
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { kysely, dialect: 'postgres', destroy: () => kysely.destroy() };
  }
  if (target.sqliteFile !== ':memory:') fs.mkdirSync(path.dirname(target.sqliteFile), { recursive: true });
  const sqlite = new SQLite(target.sqliteFile);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  // SQLite's own lower() folds ASCII only; PostgreSQL's folds every letter (É → é). Searches
  // compare lower(column) with a pattern lowercased in JavaScript, so both dialects fold alike.
  sqlite.function('lower', { deterministic: true }, (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : value));
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { kysely, dialect: 'sqlite', destroy: () => kysely.destroy() };
}
