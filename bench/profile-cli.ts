/**
 * `npx tsx bench/profile-cli.ts [--seconds N] [--out DIR]`: client-credentials tokens through the
 * real CLI exactly as `npm start` runs it (compiled, one worker, default log level) against the
 * bench's bare oidc-provider baseline, each in a process of its own, each profiled with
 * `node --cpu-prof`. For both it reports tokens/s, the process's CPU per token (from /proc: every
 * thread), and the main thread's self time per token by package and by function over the load
 * window alone (start-up cut off), so the two can be compared line by line. Linux only (/proc).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from './lib/gatehouse.js';
import { CPU_GROUPS, inclusiveTime, type Profile, selfByPackage, selfTimes, windowOf } from './lib/cpu-profile.js';
import { registerBenchClient, startCli } from './scenarios/cluster.js';
import { tokensPerSecond } from './scenarios/tokens.js';

const { values: args } = parseArgs({
  options: { seconds: { type: 'string', default: '8' }, out: { type: 'string' } },
});
const seconds = Number(args.seconds);
const outDir = path.resolve(args.out ?? fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-profile-cli-')));
fs.mkdirSync(outDir, { recursive: true });

/** User + system CPU of a process so far, in ms (every thread). */
function processCpuMs(pid: number): number {
  const fields = fs
    .readFileSync(`/proc/${pid}/stat`, 'utf8')
    .replace(/^.*\) /, '')
    .split(' ');
  // utime and stime are fields 14 and 15 of stat(5); this slice starts at field 3.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

const nowUs = () => Number(process.hrtime.bigint() / 1000n);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Measured {
  rate: number;
  cpuMsPerToken: number;
  profile: Profile;
}

/** Warms up, then loads `url` for `seconds` while counting the process's CPU; the profile comes once it exits. */
async function measure(
  url: string,
  pid: number,
  client: { clientId: string; clientSecret: string },
  profileDir: string,
  stop: () => Promise<void>,
): Promise<Measured> {
  await tokensPerSecond(url, client, 2);
  await pause(500);
  const cpu0 = processCpuMs(pid);
  const from = nowUs();
  const rate = await tokensPerSecond(url, client, seconds);
  const to = nowUs();
  const cpu = processCpuMs(pid) - cpu0;
  await stop();
  const file = fs.readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no profile in ${profileDir}`);
  const profile = windowOf(JSON.parse(fs.readFileSync(path.join(profileDir, file), 'utf8')) as Profile, from, to);
  // The load window alone, for Chrome DevTools or a closer look.
  fs.writeFileSync(path.join(profileDir, 'load-window.cpuprofile'), JSON.stringify({ ...profile, startTime: from, endTime: to }));
  return { rate, cpuMsPerToken: cpu / (rate * seconds), profile };
}

async function profileCli(): Promise<{ measured: Measured; client: { clientId: string; clientSecret: string } }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-profile-cli-data-'));
  const profileDir = path.join(outDir, 'cli');
  fs.rmSync(profileDir, { recursive: true, force: true });
  try {
    // `undefined`: the default log level, as `npm start`.
    const cli = await startCli(1, dataDir, undefined, {}, ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]);
    const client = await registerBenchClient(cli.url);
    return { measured: await measure(cli.url, cli.pid, client, profileDir, cli.stop), client };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function profileBare(client: { clientId: string; clientSecret: string }): Promise<Measured> {
  const port = await freePort();
  const profileDir = path.join(outDir, 'bare');
  fs.rmSync(profileDir, { recursive: true, force: true });
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      `--cpu-prof`,
      `--cpu-prof-dir=${profileDir}`,
      'bench/bare-provider.ts',
      String(port),
      client.clientId,
      client.clientSecret,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.includes('listening') && resolve());
    child.once('exit', (code) => reject(new Error(`bare provider exited (${code})`)));
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      child.removeAllListeners('exit');
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return measure(`http://127.0.0.1:${port}`, child.pid!, client, profileDir, stop);
}

function report(label: string, m: Measured): string[] {
  const tokens = m.rate * seconds;
  const ms = (us: number) => (us / 1000 / tokens).toFixed(3).padStart(6);
  const byPackage = selfByPackage(m.profile);
  const busy = [...byPackage].filter(([k]) => k !== '(idle)').reduce((a, [, us]) => a + us, 0);
  const share = (us: number) => `${((100 * us) / busy).toFixed(1).padStart(5)} %`;
  const lines = [
    `== ${label}: ${m.rate.toFixed(0)} tokens/s; process CPU ${m.cpuMsPerToken.toFixed(3)} ms per token (all threads); main thread ${ms(busy)} ms per token`,
    '',
    'Main-thread self time by package (ms per token, share of busy):',
  ];
  for (const [key, us] of [...byPackage]
    .filter(([k]) => k !== '(idle)')
    .sort((a, b) => b[1] - a[1])
    .slice(0, 25)) {
    lines.push(`  ${ms(us)}  ${share(us)}  ${key}`);
  }
  lines.push('', 'Inclusive main-thread ms per token (groups overlap):');
  for (const [name, match] of CPU_GROUPS) lines.push(`  ${ms(inclusiveTime(m.profile, match))}  ${name}`);
  lines.push(
    `  ${ms(inclusiveTime(m.profile, (_url, fn) => /^(pino|write|asJson|LOG)$/.test(fn) || _url.includes('/pino')))}  logging (pino)`,
  );
  lines.push('', 'Top self time by function (ms per token):');
  for (const [key, us] of [...selfTimes(m.profile)]
    .filter(([k]) => k !== '(idle)')
    .sort((a, b) => b[1] - a[1])
    .slice(0, 30)) {
    lines.push(`  ${ms(us)}  ${key}`);
  }
  return lines;
}

const cli = await profileCli();
const bare = await profileBare(cli.client);
const lines = [
  `${seconds} s of client-credentials load (autocannon, 8 connections) on each, after a 2 s warm-up; ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}`,
  `ratio CLI / bare: ${(cli.measured.rate / bare.rate).toFixed(2)} in tokens/s, ${(bare.cpuMsPerToken / cli.measured.cpuMsPerToken).toFixed(2)} in CPU per token`,
  '',
  ...report('CLI as `npm start` runs it', cli.measured),
  '',
  ...report('bare oidc-provider', bare),
];
const text = `${lines.join('\n')}\n`;
fs.writeFileSync(path.join(outDir, 'cli-profile.txt'), text);
process.stdout.write(text);
process.stderr.write(`profile: wrote ${outDir}/cli/, ${outDir}/bare/ and cli-profile.txt\n`);
