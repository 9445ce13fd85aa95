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
 * How long a query waits for a pooled PostgreSQL connection. node-postgres waits forever by
 * default: with the server unreachable but not refusing (a failover, a dropped network), every
 * request, /health included, would hang instead of answering 503.
 */
const PG_CONNECT_TIMEOUT_MS = 3000;

/**
 * A PostgreSQL pool that survives the server going away. node-postgres emits 'error' on idle
 * clients, and on a checked-out client between two queries (inside a transaction), when the server
 * closes the connection (a restart, `pg_terminate_backend`); an 'error' event without a listener
 * kills the process. The pool drops the broken clients itself and the query in flight fails (a
 * 503 for the caller), so there is nothing to do here but keep the event from being unhandled.
 */
function createPgPool(connectionString: string): pg.Pool {
  const pool = new pg.Pool({ connectionString, max: 10, connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS });
  const ignore = () => {};
  pool.on('error', ignore);
  pool.on('connect', (client) => {
    client.on('error', ignore);
  });
  return pool;
}

/**
 * better-sqlite3 compiles SQL on every `prepare`; Kysely prepares every query it runs. The same few
 * hundred SQL texts repeat, so compiled statements are kept and reused (a login runs ~45 queries).
 * Statements are only ever run to completion (no iterators), so sharing one is safe.
 */
function withStatementCache(sqlite: SQLite.Database) {
  const cache = new Map<string, SQLite.Statement>();
  const nothing = sqlite.prepare('select 1');
  return {
    prepare(sql: string) {
      // SQLite ends a transaction by itself on some errors (a full disk, an I/O error, no memory);
      // Kysely's ROLLBACK would then fail with "no transaction is active" and hide the error that matters.
      if (sql === 'rollback' && !sqlite.inTransaction) return nothing;
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
    const pool = createPgPool(target.postgresUrl);
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
