import { DomainError } from './errors.js';

/**
 * Which database errors mean "the database cannot serve us right now" (a restart, a failover, a
 * full disk, a lock held too long) rather than "this request is wrong" or "this code has a bug".
 * Every surface answers them 503 with a Retry-After; this file is the one place that knows them.
 */

/** What the client is told; nothing about the database behind it. */
export const UNAVAILABLE_MESSAGE = 'The service is temporarily unavailable. Try again shortly.';

/** The Retry-After of a 503 for an unavailable database, in seconds. */
export const RETRY_AFTER_SECONDS = 5;

// PostgreSQL SQLSTATE classes and codes: 08 connection exception, 53 insufficient resources (disk
// full, out of memory, too many connections), 57P01-57P03 admin/crash shutdown and "cannot connect
// now" (starting up, shutting down, in recovery), 25006 a read-only transaction (a standby after a
// failover), 58030 an I/O error.
const PG_CLASSES = ['08', '53'];
const PG_CODES = new Set(['57P01', '57P02', '57P03', '25006', '58030']);

// Socket errors on the way to PostgreSQL.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

// SQLite primary result codes (extended codes such as SQLITE_IOERR_WRITE share their prefix).
const SQLITE_PREFIXES = [
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_FULL',
  'SQLITE_IOERR',
  'SQLITE_READONLY',
  'SQLITE_CANTOPEN',
  'SQLITE_NOMEM',
];

// node-postgres reports a lost connection and a pool wait that timed out with no code at all: its
// exact messages are the only mark they carry (pg 8 `client.js`, pg-pool `index.js`).
const PG_DRIVER_MESSAGES = new Set([
  'Connection terminated',
  'Connection terminated unexpectedly',
  'Connection terminated due to connection timeout',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  'Query read timeout',
]);

function isUnavailableCode(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || PG_CODES.has(code)) return true;
    if (/^[0-9A-Z]{5}$/.test(code) && PG_CLASSES.includes(code.slice(0, 2))) return true;
    if (SQLITE_PREFIXES.some((prefix) => code === prefix || code.startsWith(`${prefix}_`))) return true;
  }
  return typeof message === 'string' && PG_DRIVER_MESSAGES.has(message);
}

/** True when `error`, or an error it wraps (`cause`, an AggregateError's `errors`), is an outage. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 5 || !error || typeof error !== 'object') return false;
  // An exposed DomainError is the answer already (an IdP that is unreachable is not our database).
  if (error instanceof DomainError && (error.expose || error.code === 'database_unavailable')) return error.code === 'database_unavailable';
  if (isUnavailableCode(error)) return true;
  const { cause, errors } = error as { cause?: unknown; errors?: unknown };
  if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return isDatabaseUnavailable(cause, depth + 1);
}

/** The DomainError a surface renders for an outage, or undefined when `error` is something else. */
export function asDatabaseUnavailable(error: unknown): DomainError | undefined {
  if (error instanceof DomainError && error.code === 'database_unavailable') return error;
  return isDatabaseUnavailable(error) ? new DomainError('database_unavailable', UNAVAILABLE_MESSAGE, { cause: error }) : undefined;
}
