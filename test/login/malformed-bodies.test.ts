// The hosted login and recovery forms answer a malformed body with its 4xx on the login's message
// page, log it at info (a sender's mistake, not a server failure), and keep serving.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config/config.js';
import { buildApp, type App } from '../../src/http/app.js';
import { prepare } from '../../src/runtime.js';
import { freshDatabase, type TestDatabase } from '../helpers/dialects.js';
import { RawConnection, type RawResponse } from '../helpers/raw-http.js';

const TWO_MB = 2 * 1024 * 1024;

describe('malformed bodies on the login pages', () => {
  let database: TestDatabase;
  let app: App;
  let url: string;
  const lines: { level: number; msg: string }[] = [];
  before(async () => {
    database = await freshDatabase('sqlite');
    const config = loadConfig({ GATEHOUSE_DATA_DIR: database.location.dataDir, PORT: '0' }, { host: '127.0.0.1' });
    await prepare(config, database.db);
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    });
    app = await buildApp({ config, db: database.db.kysely, logger: { stream, level: 'info' } });
    const address = await app.app.listen({ port: 0, host: '127.0.0.1' });
    url = address.replace('127.0.0.1', 'localhost');
  });
  after(async () => {
    await app.app.close();
    await database.drop();
  });

  async function post(path: string, contentType: string, body: string): Promise<RawResponse> {
    const connection = new RawConnection(url);
    try {
      connection.send('POST', path, { 'content-type': contentType }, body);
      const response = await connection.response(5000);
      assert.ok(response, `no response to POST ${path}`);
      return response;
    } finally {
      connection.close();
    }
  }

  /** The answer is the login's page with `status`, logged at info and never at error. */
  async function assertRefused(response: RawResponse, status: number, title: string) {
    assert.equal(response.status, status);
    assert.match(response.headers['content-type'] ?? '', /^text\/html/);
    assert.match(response.body, new RegExp(`<h1[^>]*>${title}</h1>`));
    assert.match(response.body, /Reference: /);
    assert.equal(lines.filter((l) => l.level >= 50).length, 0, `logged at error: ${JSON.stringify(lines.filter((l) => l.level >= 50))}`);
    assert.ok(
      lines.some((l) => l.level === 30 && l.msg === 'malformed request body'),
      'logged at info',
    );
    assert.equal((await fetch(`${url}/login/reset`)).status, 200, 'the login still serves pages');
  }

  it('answers 413 to a 2 MB login form', async () => {
    const res = await post('/login/some-interaction/password', 'application/x-www-form-urlencoded', `password=${'x'.repeat(TWO_MB)}`);
    await assertRefused(res, 413, 'This form is too large');
  });

  it('answers 400 to malformed JSON posted to a login form', async () => {
    const res = await post('/login/some-interaction/identifier', 'application/json', '{"email": ');
    await assertRefused(res, 400, 'This form could not be read');
  });

  it('answers 415 to a content type the login does not read', async () => {
    const res = await post('/login/some-interaction/identifier', 'application/xml', '<email>a@b.example</email>');
    await assertRefused(res, 415, 'This form could not be read');
  });

  it('answers 413 to a 200 KB password-reset form', async () => {
    const res = await post('/login/reset', 'application/x-www-form-urlencoded', `email=${'x'.repeat(200 * 1024)}%40example.com`);
    await assertRefused(res, 413, 'This form is too large');
  });
});

describe('query and path validation on the login pages', () => {
  let database: TestDatabase;
  let app: App;
  let url: string;
  before(async () => {
    database = await freshDatabase('sqlite');
    const config = loadConfig({ GATEHOUSE_DATA_DIR: database.location.dataDir, PORT: '0' }, { host: '127.0.0.1' });
    await prepare(config, database.db);
    app = await buildApp({ config, db: database.db.kysely, logger: false });
    url = await app.app.listen({ port: 0, host: '127.0.0.1' });
  });
  after(async () => {
    await app.app.close();
    await database.drop();
  });

  it('answers 400 with the login page for a query string its schema refuses', async () => {
    const res = await fetch(`${url}/login/?organization=${'o'.repeat(70)}`);
    assert.equal(res.status, 400);
    assert.match(await res.text(), /<h1[^>]*>/);
  });

  it('answers 400 with the login page for an interaction id its schema refuses', async () => {
    const res = await fetch(`${url}/login/${'u'.repeat(80)}`);
    assert.equal(res.status, 400);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
  });
});
