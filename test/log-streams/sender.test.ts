// The delivery sender on its own, against a loopback receiver: what it reports, that it reuses its
// connections, and that it refuses at connect time a host name that resolves inward.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createSender } from '../../src/domain/log-streams/sender.js';

describe('log stream sender', () => {
  let server: http.Server;
  let port = 0;
  let connections = 0;
  const bodies: string[] = [];
  before(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        bodies.push(Buffer.concat(chunks).toString('utf8'));
        if (req.url === '/slow') return; // never answers
        if (req.url === '/redirect') return res.writeHead(302, { location: 'http://169.254.169.254/' }).end();
        if (req.url === '/big') {
          res.writeHead(200);
          return res.end('x'.repeat(1 << 20));
        }
        res.writeHead(req.url === '/fail' ? 503 : 204).end();
      });
    });
    server.on('connection', () => {
      connections += 1;
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('delivers over kept-alive connections and reports non-2xx answers and redirects as failures', async () => {
    const send = createSender(5000, true);
    const base = `http://127.0.0.1:${port}`;
    connections = 0;
    for (let n = 0; n < 5; n += 1) {
      assert.deepEqual(await send(`${base}/hooks`, `{"n":${n}}`, { 'content-type': 'application/json' }), { ok: true });
    }
    assert.deepEqual(await send(`${base}/big`, '{}', {}), { ok: true });
    // undici reuses a connection a turn of the event loop after its answer, so deliveries sent back to
    // back alternate between two; without keep-alive there would be one per delivery.
    assert.ok(connections <= 2, `${connections} connections for 6 deliveries`);
    assert.deepEqual(
      bodies.slice(-6, -1),
      [0, 1, 2, 3, 4].map((n) => `{"n":${n}}`),
    );
    assert.deepEqual(await send(`${base}/fail`, '{}', {}), { ok: false, error: 'HTTP 503 Service Unavailable' });
    assert.deepEqual(await send(`${base}/redirect`, '{}', {}), { ok: false, error: 'HTTP 302 Found' });
  });

  it('gives up after its timeout and names refused connections', async () => {
    const send = createSender(300, true);
    assert.deepEqual(await send(`http://127.0.0.1:${port}/slow`, '{}', {}), { ok: false, error: 'no answer within 300 ms' });
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    assert.deepEqual(await send(`http://127.0.0.1:${closedPort}/`, '{}', {}), { ok: false, error: 'request failed: ECONNREFUSED' });
  });

  it('refuses, when it connects, a host name that resolves to a non-public address', async () => {
    bodies.length = 0;
    const guarded = await createSender(5000, false)(`http://localhost:${port}/hooks`, '{}', {});
    assert.equal(guarded.ok, false);
    assert.match((guarded as { error: string }).error, /^the endpoint's host resolves to a non-public address \((127\.0\.0\.1|::1)\)$/);
    assert.equal(bodies.length, 0, 'nothing reached the receiver');
    assert.deepEqual(await createSender(5000, true)(`http://localhost:${port}/hooks`, '{}', {}), { ok: true });
  });
});
