import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { isUniqueViolation } from './errors.js';
import type { Database } from './schema/database.js';

export type { Database } from './schema/database.js';
export type DialectName = 'sqlite' | 'postgres';

/** A Kysely handle and the dialect behind it. */
export interface Db {
  kysely: Kysely<Database>;
  dialect: DialectName;
  /** The pool's use now and the errors counted since the database was opened (for the metrics). */
  stats(): DatabaseStats;
  destroy(): Promise<void>;
}

/** Where database errors happened, counted since the database was opened (an alias, so it is a Record<string, number> too). */
export type DatabaseErrorCounts = {
  /** A connection could not be opened or taken from the pool (PostgreSQL: server down, pool wait timed out). */
  connect: number;
  /** An open connection broke while idle or between two queries (PostgreSQL: a restart, a terminated backend). */
  connection_lost: number;
  /** A statement failed: an outage in the middle of a query, a lock held too long, a bug. */
  query: number;
  /** A statement broke a unique constraint: mostly expected (the code turns them into 409s). */
  constraint: number;
};

/** PostgreSQL's pool: node-postgres' totalCount, idleCount, waitingCount and its size. */
export interface PoolStats {
  open: number;
  idle: number;
  waiting: number;
  max: number;
}

export interface DatabaseStats {
  /** Undefined on SQLite: one in-process connection, no pool. */
  pool: PoolStats | undefined;
  errors: DatabaseErrorCounts;
}

/** Where the data lives: a PostgreSQL URL, or an SQLite file (`:memory:` allowed for tests). */
export type DatabaseTarget = { postgresUrl: string; poolMax?: number } | { sqliteFile: string };

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
 * Connections each process opens at most by default (`GATEHOUSE_DATABASE_POOL_MAX`): every node and
 * every worker has a pool of its own.
 */
export const DEFAULT_PG_POOL_MAX = 10;

/**
 * A PostgreSQL pool that survives the server going away. node-postgres emits 'error' on idle
 * clients, and on a checked-out client between two queries (inside a transaction), when the server
 * closes the connection (a restart, `pg_terminate_backend`); an 'error' event without a listener
 * kills the process. The pool drops the broken clients itself and the query in flight fails (a
 * 503 for the caller), so the listeners only count the event (Db.stats) and keep it handled.
 */
function createPgPool(connectionString: string, max: number, errors: DatabaseErrorCounts): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS });
  const lost = () => {
    errors.connection_lost += 1;
  };
  pool.on('error', lost);
  pool.on('connect', (client) => {
    client.on('error', lost);
  });
  return pool;
}

function noErrors(): DatabaseErrorCounts {
  return { connect: 0, connection_lost: 0, query: 0, constraint: 0 };
}

/**
 * Counts failed statements for Db.stats(). Kysely's log hook is the one place that sees every
 * statement's error, whichever code ran it and whether it catches the error or not.
 */
function countQueryErrors(errors: DatabaseErrorCounts) {
  return (event: { level: 'query' | 'error'; error?: unknown }) => {
    if (event.level !== 'error') return;
    if (isUniqueViolation(event.error)) errors.constraint += 1;
    else errors.query += 1;
  };
}

/**
 * better-sqlite3 compiles SQL on every `prepare`; Kysely prepares every query it runs. The same few
 * hundred SQL texts repeat, so compiled statements are kept and reused (a login runs ~45 queries).
 * Statements are only ever run to completion (no iterators), so sharing one is safe.
 */
function withStatementCache(sqlite: SQLite.Database) {
  const cache = new Map<string, SQLite.Statement>();
  // SQLite ends a transaction by itself on some errors (SQLITE_FULL, SQLITE_IOERR…); Kysely's ROLLBACK
  // then fails with "no transaction is active", and that error would replace the one that explains
  // the failure (and makes it a 503). Rolling back only an open transaction keeps the first error.
  const rollback = {
    reader: false,
    all: () => [],
    iterate: () => [][Symbol.iterator](),
    run: () => (sqlite.inTransaction ? sqlite.prepare('rollback').run() : { changes: 0, lastInsertRowid: 0 }),
  };
  return {
    prepare(sql: string) {
      if (sql === 'rollback') return rollback;
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
  const errors = noErrors();
  if ('postgresUrl' in target) {
    const max = target.poolMax ?? DEFAULT_PG_POOL_MAX;
    const pool = createPgPool(target.postgresUrl, max, errors);
    // Kysely checks connections out with connect(); a refusal there is not a statement's error.
    const counted = {
      connect: () =>
        pool.connect().catch((error: unknown) => {
          errors.connect += 1;
          throw error;
        }),
      end: () => pool.end(),
    };
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool: counted }), log: countQueryErrors(errors) });
    const stats = (): DatabaseStats => ({
      pool: { open: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max },
      errors: { ...errors },
    });
    return { kysely, dialect: 'postgres', stats, destroy: () => kysely.destroy() };
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
  const kysely = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
    log: countQueryErrors(errors),
  });
  return { kysely, dialect: 'sqlite', stats: () => ({ pool: undefined, errors: { ...errors } }), destroy: () => kysely.destroy() };
}
