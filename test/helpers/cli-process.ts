// `gatehouse start` as a child process, the way an operator runs it: for the CLI's own tests and for
// tests that need a second Gatehouse process on the same database.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

export const BIN = path.resolve('bin/gatehouse.js');

export interface RunningGatehouse {
  child: ChildProcess;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  url: string;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net
      .createServer()
      .listen(0, '127.0.0.1', () => {
        const { port } = s.address() as net.AddressInfo;
        s.close(() => resolve(port));
      })
      .on('error', reject);
  });
}

/** Starts `gatehouse start` on loopback with `env` and waits for its banner. */
export async function startGatehouse(env: Record<string, string>, port?: number): Promise<RunningGatehouse> {
  port ??= await freePort();
  const child = spawn(process.execPath, [BIN, 'start'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', GATEHOUSE_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    out += d;
  });
  // Generous: under a loaded CI machine, starting a process (tsx compiling the sources) takes seconds.
  const deadline = Date.now() + 90_000;
  while (!out.includes('Gatehouse is running')) {
    if (child.exitCode !== null) throw new Error(`gatehouse exited: ${out}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`gatehouse did not start: ${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, output: () => out, url: `http://localhost:${port}` };
}

/** SIGTERM, then the exit code once it has stopped. */
export function stopGatehouse(running: RunningGatehouse): Promise<number | null> {
  return new Promise((resolve) => {
    // Already gone (exited, or killed by a test: then exitCode stays null and signalCode is set).
    if (running.child.exitCode !== null || running.child.signalCode !== null) return resolve(running.child.exitCode);
    running.child.once('exit', (code) => resolve(code));
    running.child.kill('SIGTERM');
  });
}

/**
 * A Management API token for an application of a Gatehouse process (client credentials), for the
 * API of `issuer` (the process's own URL unless it sits behind a balancer or answers to another name).
 */
export async function managementToken(url: string, client: { id: string; secret: string }, issuer = url): Promise<string> {
  const res = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: client.id,
      client_secret: client.secret,
      audience: `${issuer}/api/v2/`,
    }),
  });
  const json = (await res.json()) as { access_token?: string };
  if (res.status !== 200 || !json.access_token) throw new Error(`no Management API token (${res.status}): ${JSON.stringify(json)}`);
  return json.access_token;
}
