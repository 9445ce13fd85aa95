/**
 * The real CLI (`node bin/gatehouse.js start`, the compiled server `npm start` runs) on a temporary
 * SQLite database: client-credentials tokens/s with `GATEHOUSE_WORKERS` 1 and 2, and as started by
 * default.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../lib/gatehouse.js';
import { BENCH_API, tokensPerSecond } from './tokens.js';

const BIN = fileURLToPath(new URL('../../bin/gatehouse.js', import.meta.url));
const BOOTSTRAP = { clientId: 'bench-cluster-bootstrap', clientSecret: 'b'.repeat(48) };

/** The CLI on `dataDir` (and `env`'s database, if any), one or more workers; resolves once it serves. */
export async function startCli(
  workers: number,
  dataDir: string,
  logLevel: string | undefined = 'error',
  extra: Record<string, string> = {},
  /** Node's own options before the script (e.g. `--cpu-prof`, which NODE_OPTIONS refuses). */
  nodeArgs: string[] = [],
) {
  const port = await freePort();
  const env: Record<string, string | undefined> = { ...process.env };
  // `undefined`: the level `npm start` logs at by default.
  delete env.GATEHOUSE_LOG_LEVEL;
  if (logLevel) env.GATEHOUSE_LOG_LEVEL = logLevel;
  const child = spawn(process.execPath, [...nodeArgs, BIN, 'start'], {
    env: {
      ...env,
      GATEHOUSE_DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      GATEHOUSE_WORKERS: String(workers),
      GATEHOUSE_MGMT_RATE_LIMIT: '1000000',
      GATEHOUSE_BOOTSTRAP_CLIENT_ID: BOOTSTRAP.clientId,
      GATEHOUSE_BOOTSTRAP_CLIENT_SECRET: BOOTSTRAP.clientSecret,
      ...extra,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    out += d;
  });
  const deadline = Date.now() + 120_000;
  while (!out.includes('Gatehouse is running')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`gatehouse (${workers} workers) did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const url = `http://localhost:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { url, port, pid: child.pid!, stop };
}

async function api(url: string, token: string, method: string, pathname: string, body: unknown) {
  const res = await fetch(`${url}/api/v2${pathname}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${method} ${pathname}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<Record<string, string>>;
}

/** Through the bootstrap client: the bench API, a machine client and its grant, as in tokens.ts. */
export async function registerBenchClient(url: string): Promise<{ clientId: string; clientSecret: string }> {
  const tokenRes = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: BOOTSTRAP.clientId,
      client_secret: BOOTSTRAP.clientSecret,
      audience: `${url}/api/v2/`,
    }),
  });
  const { access_token: token } = (await tokenRes.json()) as { access_token: string };
  await api(url, token, 'POST', '/resource-servers', { name: 'Bench API', identifier: BENCH_API, scopes: [{ value: 'read:bench' }] });
  const created = await api(url, token, 'POST', '/clients', { name: 'Bench M2M', app_type: 'non_interactive' });
  await api(url, token, 'POST', '/client-grants', { client_id: created.client_id, audience: BENCH_API, scope: ['read:bench'] });
  return { clientId: created.client_id, clientSecret: created.client_secret };
}

/**
 * tokens/s with 1 and with 2 worker processes (logging errors only), and with 1 worker exactly as
 * `npm start` runs it: the default log level.
 */
export async function measureCluster(seconds: number): Promise<{ one: number; two: number; asStarted: number }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-bench-cluster-'));
  try {
    const rates: number[] = [];
    let client: { clientId: string; clientSecret: string } | undefined;
    for (const [workers, logLevel] of [
      [1, 'error'],
      [2, 'error'],
      [1, undefined],
    ] as const) {
      const server = await startCli(workers, dataDir, logLevel);
      try {
        client ??= await registerBenchClient(server.url);
        rates.push(await tokensPerSecond(server.url, client, seconds));
      } finally {
        await server.stop();
      }
    }
    return { one: rates[0], two: rates[1], asStarted: rates[2] };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
