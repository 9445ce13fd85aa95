// Route schemas compile on a route's first use, not at start-up (src/http/deferred-compilation.ts):
// this compiles every one of the whole app, so a schema that Ajv or fast-json-stringify refuses
// fails here, as it failed every start before.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileDeferredSchemas } from '../../src/http/deferred-compilation.js';
import { startServer, type TestServer } from '../helpers/start-server.js';

describe('route schemas', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer('sqlite');
  });
  after(() => server?.close());

  it("compiles every route's validators and serializers", async () => {
    const ran = compileDeferredSchemas();
    // Hundreds of routes, each with params, query, body or responses: all of them ran here.
    assert.ok(ran > 300, `only ${ran} schema compilations were pending`);
    assert.equal(compileDeferredSchemas(), 0);
    const answer = await fetch(`${server.url}/health/live`);
    assert.equal(answer.status, 200);
  });
});
