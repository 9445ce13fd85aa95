import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CONFIG_CACHE_TTL_MS } from '../../src/domain/shared/config-cache.js';
import { startGatehouse, stopGatehouse, type RunningGatehouse } from '../helpers/cli-process.js';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';

// Two Gatehouse processes on one database: this test's server (A) and `gatehouse start` in a child
// process (B), with the same issuer. A change made through A's Management API reaches B's token
// endpoint once B's cached copy expires (CONFIG_CACHE_TTL_MS); the wait below is a bounded poll,
// not a timing assertion.

const AUDIENCE = 'https://processes.example/api';
/** Far above the TTL: a loaded CI machine may be slow to answer, never to expire the entry. */
const WAIT_MS = CONFIG_CACHE_TTL_MS + 15_000;

/** Gatehouse B: `gatehouse start` on the same database and issuer as this test's server A. */
function startSecondProcess(server: TestServer): Promise<RunningGatehouse> {
  const location = server.database.location;
  return startGatehouse({
    GATEHOUSE_DATA_DIR: location.dataDir,
    ...(location.databaseUrl ? { DATABASE_URL: location.databaseUrl } : {}),
    // The same issuer as A: the bootstrap keeps the Management API where A put it.
    GATEHOUSE_ISSUER: server.url,
    GATEHOUSE_BOOTSTRAP_CLIENT_ID: server.bootstrap.clientId,
    GATEHOUSE_BOOTSTRAP_CLIENT_SECRET: server.bootstrap.clientSecret,
  });
}

for (const dialect of DIALECTS) {
  describe(`token endpoint after a Management API change, another process [${dialect}]`, () => {
    let server: TestServer;
    let other: RunningGatehouse;

    async function token(url: string, client: { client_id: string; client_secret: string }) {
      const res = await fetch(`${url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'client_credentials',
          client_id: client.client_id,
          client_secret: client.client_secret,
          audience: AUDIENCE,
        }),
      });
      return { status: res.status, body: (await res.json()) as Record<string, any> };
    }

    /** Asks B until `done` holds or WAIT_MS passes; returns the last response. */
    async function pollOther(
      client: { client_id: string; client_secret: string },
      done: (res: { status: number; body: Record<string, any> }) => boolean,
    ) {
      const until = Date.now() + WAIT_MS;
      for (;;) {
        const res = await token(other.url, client);
        if (done(res) || Date.now() > until) return res;
        await new Promise((r) => setTimeout(r, 100));
      }
    }

    async function machineClient(scope: string[]) {
      const created = await server.api('POST', '/clients', { name: 'Processes M2M', app_type: 'non_interactive' });
      assert.equal(created.status, 201);
      const grant = await server.api('POST', '/client-grants', { client_id: created.body.client_id, audience: AUDIENCE, scope });
      assert.equal(grant.status, 201);
      return { client: created.body as { client_id: string; client_secret: string }, grantId: grant.body.id as string };
    }

    before(async () => {
      server = await startServer(dialect);
      const api = await server.api('POST', '/resource-servers', {
        name: 'Processes API',
        identifier: AUDIENCE,
        scopes: [{ value: 'read:a' }, { value: 'read:b' }],
      });
      assert.equal(api.status, 201);
      other = await startSecondProcess(server);
    });
    after(async () => {
      if (other) await stopGatehouse(other);
      await server.close();
    });

    it('refuses tokens in the other process once the client grant is deleted', async () => {
      const { client, grantId } = await machineClient(['read:a']);
      // The other process serves (and so caches) the application, the API and the grant.
      assert.equal((await token(other.url, client)).status, 200);
      assert.equal((await server.api('DELETE', `/client-grants/${grantId}`)).status, 204);
      const res = await pollOther(client, (r) => r.status !== 200);
      assert.equal(res.status, 400);
      assert.equal(res.body.error, 'access_denied');
    });

    it('issues tokens in the other process with the updated client grant scopes', async () => {
      const { client, grantId } = await machineClient(['read:a', 'read:b']);
      assert.equal((await token(other.url, client)).body.scope, 'read:a read:b');
      assert.equal((await server.api('PATCH', `/client-grants/${grantId}`, { scope: ['read:b'] })).status, 200);
      const res = await pollOther(client, (r) => r.body.scope !== 'read:a read:b');
      assert.equal(res.status, 200);
      assert.equal(res.body.scope, 'read:b');
    });

    it('refuses the old secret in the other process once it is rotated', async () => {
      const { client } = await machineClient(['read:a']);
      assert.equal((await token(other.url, client)).status, 200);
      assert.equal((await server.api('POST', `/clients/${client.client_id}/rotate-secret`)).status, 200);
      const res = await pollOther(client, (r) => r.status !== 200);
      assert.equal(res.status, 401);
      assert.equal(res.body.error, 'invalid_client');
    });
  });
}
