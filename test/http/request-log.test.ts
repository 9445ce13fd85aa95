// What the request log keeps: the path, never the query string, which carries codes and hints.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config/config.js';
import { buildApp, type App } from '../../src/http/app.js';
import { prepare } from '../../src/runtime.js';
import { freshDatabase, type TestDatabase } from '../helpers/dialects.js';

describe('request log', () => {
  let database: TestDatabase;
  let app: App;
  const lines: string[] = [];
  before(async () => {
    database = await freshDatabase('sqlite');
    const config = loadConfig({ GATEHOUSE_DATA_DIR: database.location.dataDir, PORT: '0' }, { host: '127.0.0.1' });
    await prepare(config, database.db);
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    app = await buildApp({ config, db: database.db.kysely, logger: { stream, level: 'info' } });
  });
  after(async () => {
    await app.app.close();
    await database.drop();
  });

  it('logs one line per request, with the path and without its query string', async () => {
    const secret = 'id-token-hint-that-must-not-be-logged';
    lines.length = 0;
    const res = await app.app.inject({ method: 'GET', url: `/console/callback?code=${secret}&state=x` });
    assert.equal(res.statusCode, 200);
    const logged = lines.map(
      (l) => JSON.parse(l) as { msg: string; req?: { method: string; url: string }; res?: { statusCode: number }; responseTime?: number },
    );
    assert.equal(logged.length, 1, lines.join(''));
    assert.equal(logged[0].msg, 'request completed');
    assert.deepEqual([logged[0].req?.method, logged[0].req?.url, logged[0].res?.statusCode], ['GET', '/console/callback', 200]);
    assert.equal(typeof logged[0].responseTime, 'number');
    assert.equal(
      lines.some((l) => l.includes(secret)),
      false,
      'the query string reached the log',
    );
  });

  it('logs the protocol routes oidc-provider answers too, once each', async () => {
    lines.length = 0;
    const res = await app.app.inject({ method: 'GET', url: '/.well-known/openid-configuration' });
    assert.equal(res.statusCode, 200);
    const logged = lines.map((l) => JSON.parse(l) as { msg: string; req?: { url: string }; res?: { statusCode: number } });
    assert.deepEqual(
      logged.map((l) => [l.msg, l.req?.url, l.res?.statusCode]),
      [['request completed', '/.well-known/openid-configuration', 200]],
    );
  });
});
