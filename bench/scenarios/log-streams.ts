import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchServer } from '../lib/gatehouse.js';
import { driveLogins, type LoginJob } from './login.js';
import { registerMachineClient, tokensPerSecond } from './tokens.js';

const RECEIVER = fileURLToPath(new URL('../webhook-receiver.ts', import.meta.url));

interface ReceiverStats {
  received: number;
  duplicates: number;
  lag_ms: { p50: number; p99: number };
}

/** CPU time (user + system, ms) a process has used so far, from /proc; 0 where there is none. */
function processCpuMs(pid: number | undefined): number {
  try {
    // Fields 14 and 15 of /proc/<pid>/stat, after the command name in parentheses: utime, stime in clock ticks (100 Hz).
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** bench/webhook-receiver.ts in a child process, and its statistics. */
export async function startReceiver(): Promise<{
  url: string;
  stats(): Promise<ReceiverStats>;
  reset(): Promise<void>;
  /** CPU time the receiver used so far, ms (Linux; 0 elsewhere). */
  cpuMs(): number;
  stop(): void;
}> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', RECEIVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk;
      const match = /listening (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`webhook receiver exited (${code})`)));
  });
  const base = `http://127.0.0.1:${port}`;
  return {
    url: `${base}/hooks`,
    stats: async () => (await (await fetch(`${base}/stats`)).json()) as ReceiverStats,
    reset: async () => {
      await fetch(`${base}/reset`, { method: 'POST' });
    },
    cpuMs: () => processCpuMs(child.pid),
    stop: () => child.kill('SIGTERM'),
  };
}

/** Waits until the stream has looked at every event (lag 0), at most `ms`. */
async function drained(server: BenchServer, streamId: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    await server.app.services.events.sequence();
    const stream = await server.api('GET', `/log-streams/${streamId}`);
    if (stream.delivery.lag === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the webhook stream did not catch up');
}

export interface LogStreamMeasures {
  /** Client-credentials tokens/s with no stream, then with an active webhook stream. */
  tokens: { without: number; with: number; delivered: number };
  /**
   * CPU ms per token of this process (Gatehouse, the load generator's thread) and the receiver
   * together, without and with the stream: what the stream costs whatever else shares the machine.
   */
  cpuPerToken: { without: number; with: number };
  /** Event date → receipt at the receiver, while logins run one after another. */
  lag: { p50: number; p99: number; received: number; duplicates: number };
}

/**
 * The cost of log streams where they run: Gatehouse with its dispatcher on (as `npm start`), tokens/s
 * with no stream and with a webhook stream delivering to a loopback receiver; then the
 * delivery lag of that stream while the login driver runs steady logins and an organization is
 * changed every 50 ms (a steady source of events whatever else the logins record).
 */
export async function measureLogStreams(server: BenchServer, login: LoginJob, seconds: number): Promise<LogStreamMeasures> {
  const receiver = await startReceiver();
  try {
    const client = await registerMachineClient(server);
    // Interleaved halves (without, with, without, with): drift in the machine's load hits both alike.
    let without = 0;
    let withStream = 0;
    let delivered = 0;
    const cpu = { without: 0, with: 0 };
    /** Tokens/s over `seconds / 2`, adding the CPU ms per token (half the weight: two rounds) to `cpu[half]`. */
    const measured = async (half: 'without' | 'with') => {
      const start = { self: process.cpuUsage(), receiver: receiver.cpuMs() };
      const rate = await tokensPerSecond(server.url, client, seconds / 2);
      const self = process.cpuUsage(start.self);
      const ms = (self.user + self.system) / 1000 + receiver.cpuMs() - start.receiver;
      cpu[half] += ms / (rate * (seconds / 2)) / 2;
      return rate;
    };
    for (let round = 0; round < 2; round += 1) {
      without += (await measured('without')) / 2;
      const stream = await server.api('POST', '/log-streams', {
        name: 'bench tokens',
        type: 'webhook',
        sink: { httpEndpoint: receiver.url },
      });
      await drained(server, stream.id);
      await receiver.reset();
      withStream += (await measured('with')) / 2;
      await drained(server, stream.id);
      delivered += (await receiver.stats()).received;
      await server.api('DELETE', `/log-streams/${stream.id}`, undefined, 204);
    }
    const stream = await server.api('POST', '/log-streams', { name: 'bench lag', type: 'webhook', sink: { httpEndpoint: receiver.url } });

    await receiver.reset();
    const org = await server.api('POST', '/organizations', { name: 'bench-stream-lag' });
    let changing = true;
    const changes = (async () => {
      for (let n = 0; changing; n += 1) {
        await server.api('PATCH', `/organizations/${org.id}`, { display_name: `Lag ${n}` });
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    try {
      await driveLogins({ ...login, seconds });
    } finally {
      changing = false;
      await changes;
    }
    await drained(server, stream.id);
    const stats = await receiver.stats();
    await server.api('DELETE', `/log-streams/${stream.id}`, undefined, 204);
    return {
      tokens: { without, with: withStream, delivered },
      cpuPerToken: cpu,
      lag: { ...stats.lag_ms, received: stats.received, duplicates: stats.duplicates },
    };
  } finally {
    receiver.stop();
  }
}
