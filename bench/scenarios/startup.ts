/**
 * What an operator waits for and pays at idle: the real CLI started the way `npm start` starts it
 * (the compiled server, `node bin/gatehouse.js start`) against the same CLI run from the TypeScript
 * sources through tsx (`node --import tsx src/main.ts start`), both on a data directory that is
 * already set up, as on every restart after the first.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../lib/gatehouse.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const COMMANDS = {
  compiled: [path.join(ROOT, 'bin/gatehouse.js'), 'start'],
  sources: ['--import', 'tsx', path.join(ROOT, 'src/main.ts'), 'start'],
};

/** Resident set size of a process, MiB (Linux). */
function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

/** Seconds from spawn to the first 200 of /health, and the RSS after `idleMs` of idling. */
async function startOnce(how: keyof typeof COMMANDS, dataDir: string, idleMs: number) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, COMMANDS[how], {
    cwd: ROOT,
    env: { ...process.env, GATEHOUSE_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', GATEHOUSE_LOG_LEVEL: 'error' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`gatehouse (${how}) did not start`);
      const healthy = await fetch(`http://127.0.0.1:${port}/health`).then(
        (res) => res.status === 200,
        () => false,
      );
      if (healthy) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const seconds = (performance.now() - started) / 1000;
    await new Promise((r) => setTimeout(r, idleMs));
    return { seconds, rss: rssOf(child.pid!) };
  } finally {
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
}

export interface Startup {
  compiled: { seconds: number; rss: number };
  sources: { seconds: number; rss: number };
}

/**
 * The median of `runs` starts each, alternating, after one start that sets up the data directory.
 * A smoke run (`setUpFirst` false) skips that start: its first compiled start sets the directory up.
 */
export async function measureStartup(runs: number, idleMs: number, setUpFirst = true): Promise<Startup> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-bench-startup-'));
  try {
    if (setUpFirst) await startOnce('compiled', dataDir, 0);
    const samples = { compiled: [] as { seconds: number; rss: number }[], sources: [] as { seconds: number; rss: number }[] };
    for (let i = 0; i < runs; i += 1) {
      for (const how of ['compiled', 'sources'] as const) samples[how].push(await startOnce(how, dataDir, idleMs));
    }
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const summary = (list: { seconds: number; rss: number }[]) => ({
      seconds: median(list.map((s) => s.seconds)),
      rss: median(list.map((s) => s.rss)),
    });
    return { compiled: summary(samples.compiled), sources: summary(samples.sources) };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
