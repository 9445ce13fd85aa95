/**
 * `npx tsx bench/profile-tokens.ts [--seconds N] [--out DIR]`: the client-credentials token phase
 * alone. Starts Gatehouse in this process, loads `POST /oauth/token` from autocannon (a worker
 * thread, so it is not in the profile) for N seconds, and records a V8 CPU profile of Gatehouse's
 * main thread (DIR/tokens.cpuprofile), the CPU time per token split by library, the top self-time
 * functions, and the SQL statements run per token. `--stream`: with the log-stream dispatcher on and
 * a webhook stream delivering every event to a loopback receiver (a child process), as the bench's
 * stream row runs it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startGatehouse } from './lib/gatehouse.js';
import { CPU_GROUPS, inclusiveTime, selfTimes, startCpuProfile } from './lib/cpu-profile.js';
import { startReceiver } from './scenarios/log-streams.js';
import { createBenchApi, registerMachineClient, tokensPerSecond } from './scenarios/tokens.js';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    out: { type: 'string' },
    pg: { type: 'boolean', default: false },
    stream: { type: 'boolean', default: false },
  },
});
const seconds = Number(args.seconds);
const outDir = path.resolve(args.out ?? fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-profile-')));
fs.mkdirSync(outDir, { recursive: true });

let recording = false;
const queries = new Map<string, number>();
const server = await startGatehouse({
  pgUrl: args.pg ? (process.env.BENCH_PG_URL ?? process.env.TEST_PG_URL) : undefined,
  dispatcher: args.stream,
  env: args.stream ? { GATEHOUSE_LOG_STREAM_ALLOW_PRIVATE: 'true' } : undefined,
  onQuery: (text) => {
    if (recording) queries.set(text, (queries.get(text) ?? 0) + 1);
  },
});
const receiver = args.stream ? await startReceiver() : undefined;
try {
  await createBenchApi(server);
  if (receiver) await server.api('POST', '/log-streams', { name: 'profile', type: 'webhook', sink: { httpEndpoint: receiver.url } });
  const client = await registerMachineClient(server);
  // A warm-up run so JIT and caches settle before the measured one.
  await tokensPerSecond(server.url, client, 1);

  const profiler = await startCpuProfile();
  recording = true;
  const rate = await tokensPerSecond(server.url, client, seconds);
  recording = false;
  const profile = await profiler.stop();
  fs.writeFileSync(path.join(outDir, 'tokens.cpuprofile'), JSON.stringify(profile));

  const tokens = rate * seconds;
  const perToken = (us: number) => (us / 1000 / tokens).toFixed(3).padStart(6);
  const self = selfTimes(profile);
  const busy = [...self].filter(([k]) => k !== '(idle)').reduce((a, [, us]) => a + us, 0);
  const lines = [
    `${tokens.toFixed(0)} tokens in ${seconds} s (${rate.toFixed(0)}/s) on ${server.db.dialect}`,
    `Gatehouse main-thread CPU (non-idle samples): ${perToken(busy)} ms per token`,
    '',
    'Inclusive main-thread ms per token, by where the stack passes (groups overlap):',
  ];
  for (const [label, match] of CPU_GROUPS) lines.push(`  ${perToken(inclusiveTime(profile, match))}  ${label}`);
  lines.push('', 'Top self time (ms per token):');
  for (const [key, us] of [...self]
    .filter(([k]) => k !== '(idle)')
    .sort((a, b) => b[1] - a[1])
    .slice(0, 25)) {
    lines.push(`  ${perToken(us)}  ${key}`);
  }
  const total = [...queries.values()].reduce((a, b) => a + b, 0);
  lines.push('', `SQL statements per token: ${(total / tokens).toFixed(2)}`);
  for (const [text, n] of [...queries].sort((a, b) => b[1] - a[1])) {
    lines.push(`  ${(n / tokens).toFixed(2).padStart(5)}  ${text.replace(/\s+/g, ' ').slice(0, 160)}`);
  }
  const report = `${lines.join('\n')}\n`;
  fs.writeFileSync(path.join(outDir, 'tokens-profile.txt'), report);
  process.stdout.write(report);
  process.stderr.write(`profile: wrote ${path.join(outDir, 'tokens.cpuprofile')} and tokens-profile.txt\n`);
} finally {
  receiver?.stop();
  await server.close();
}
