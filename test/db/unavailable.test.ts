// Which errors count as "the database is unavailable": the classification every surface's 503 rests on.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '../../src/domain/errors.js';
import { asDatabaseUnavailable, isDatabaseUnavailable } from '../../src/domain/database-unavailable.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it('recognises PostgreSQL shutdowns, connection classes and lost sockets', () => {
    for (const code of ['57P01', '57P03', '08006', '08001', '53300', 'ECONNREFUSED', 'ECONNRESET']) {
      assert.equal(isDatabaseUnavailable(withCode(code)), true, code);
    }
    assert.equal(isDatabaseUnavailable(new Error('Connection terminated unexpectedly')), true);
    assert.equal(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect')), true);
  });

  it('recognises SQLite lock, disk and I/O failures, extended codes included', () => {
    for (const code of [
      'SQLITE_BUSY',
      'SQLITE_BUSY_SNAPSHOT',
      'SQLITE_FULL',
      'SQLITE_IOERR_WRITE',
      'SQLITE_READONLY_DBMOVED',
      'SQLITE_CANTOPEN',
    ]) {
      assert.equal(isDatabaseUnavailable(withCode(code)), true, code);
    }
  });

  it('looks through wrapping errors (cause, AggregateError)', () => {
    assert.equal(isDatabaseUnavailable(new Error('outer', { cause: withCode('57P01') })), true);
    assert.equal(isDatabaseUnavailable(new AggregateError([withCode('ECONNREFUSED')])), true);
    assert.equal(isDatabaseUnavailable(new DomainError('server_error', 'failed', { cause: withCode('SQLITE_FULL') })), true);
  });

  it('leaves bad requests, bugs and exposed domain errors alone', () => {
    for (const error of [
      withCode('23505'),
      withCode('SQLITE_CONSTRAINT_UNIQUE'),
      withCode('42P01'),
      new TypeError('undefined is not a function'),
      new DomainError('idp_unreachable', 'The identity provider did not answer.', { cause: withCode('ECONNREFUSED') }),
      undefined,
      'a string',
    ]) {
      assert.equal(isDatabaseUnavailable(error), false, String(error));
    }
  });

  it('maps an outage to the exposed 503 database_unavailable with a safe message', () => {
    const error = asDatabaseUnavailable(withCode('57P01', 'terminating connection due to administrator command'));
    assert.ok(error);
    assert.equal(error.code, 'database_unavailable');
    assert.equal(error.status, 503);
    assert.equal(error.expose, true);
    assert.equal(error.message, 'The service is temporarily unavailable. Try again shortly.');
    assert.equal(asDatabaseUnavailable(withCode('23505')), undefined);
  });
});
