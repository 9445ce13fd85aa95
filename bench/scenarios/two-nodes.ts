/**
 * Two Gatehouse nodes (the real CLI, one worker each) on one PostgreSQL database behind HAProxy
 * (round robin, plain HTTP on loopback), against one node behind the same balancer: client-credentials
 * tokens/s. Needs `--pg` and Debian's haproxy. Every process shares the machine's cores with the load
 * generator, so on a small machine the second node cannot add capacity; the row reports what it does.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { HAPROXY, startBalancer } from '../../test/cluster/haproxy.fixtures.js';
import { freePort } from '../lib/gatehouse.js';
import { registerBenchClient, startCli } from './cluster.js';
import { tokensPerSecond } from './tokens.js';

async function withDatabase<T>(pgUrl: string, use: (url: string) => Promise<T>): Promise<T> {
  const name = `gatehouse_bench_nodes_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(pgUrl);
    url.pathname = `/${name}`;
    return await use(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

/** tokens/s through HAProxy to one node, then to two; undefined when haproxy is not installed. */
export async function measureTwoNodes(pgUrl: string, seconds: number): Promise<{ one: number; two: number } | undefined> {
  if (!fs.existsSync(HAPROXY)) return undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-bench-nodes-'));
  try {
    return await withDatabase(pgUrl, async (databaseUrl) => {
      const [port, statsPort] = [await freePort(), await freePort()];
      const issuer = `http://localhost:${port}`;
      const env = { DATABASE_URL: databaseUrl, GATEHOUSE_ISSUER: issuer, GATEHOUSE_TRUST_PROXY: '127.0.0.1' };
      // One after the other: the first applies the migrations and the bootstrap.
      const a = await startCli(1, path.join(dir, 'a'), 'error', env);
      const b = await startCli(1, path.join(dir, 'b'), 'error', env);
      try {
        const rates: number[] = [];
        let client: { clientId: string; clientSecret: string } | undefined;
        for (const nodes of [
          [{ name: 'a', port: a.port }],
          [
            { name: 'a', port: a.port },
            { name: 'b', port: b.port },
          ],
        ]) {
          const balancer = await startBalancer({ dir, port, statsPort, nodes });
          try {
            client ??= await registerBenchClient(balancer.url);
            rates.push(await tokensPerSecond(balancer.url, client, seconds));
          } finally {
            await balancer.stop();
          }
        }
        return { one: rates[0], two: rates[1] };
      } finally {
        await Promise.all([a.stop(), b.stop()]);
      }
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
