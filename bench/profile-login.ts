/**
 * `npx tsx bench/profile-login.ts [--logins N] [--org] [--out DIR]`: the login phase alone. Starts
 * Gatehouse in this process, drives N sequential logins from bench/login-driver.ts (a child process),
 * and records, for those logins only: a V8 CPU profile of Gatehouse (DIR/login.cpuprofile, open it in
 * Chrome DevTools), the top self-time functions, the mean time of each HTTP hop, and the SQL
 * statements Gatehouse ran per login.
 */
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { startGatehouse } from './lib/gatehouse.js';
import { CPU_GROUPS, inclusiveTime, selfTimes, startCpuProfile } from './lib/cpu-profile.js';
import { createBenchApi } from './scenarios/tokens.js';
import { driveLogins, prepareLogins } from './scenarios/login.js';

const { values: args } = parseArgs({
  options: { logins: { type: 'string', default: '100' }, org: { type: 'boolean', default: false }, out: { type: 'string' } },
});
const count = Number(args.logins);
const outDir = path.resolve(args.out ?? fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-profile-')));
fs.mkdirSync(outDir, { recursive: true });

let recording = false;
const queries = new Map<string, number>();
const server = await startGatehouse({
  onQuery: (sql) => {
    if (recording) queries.set(sql, (queries.get(sql) ?? 0) + 1);
  },
});
try {
  await createBenchApi(server);
  const jobs = await prepareLogins(server, 0);
  const job = args.org ? jobs.organization : jobs.plain;
  // A warm-up run so JIT and caches settle before the measured one.
  await driveLogins({ ...job, logins: 10 });

  // Server-side time of each request: from the 'request' event to the end of the response.
  const serverHops = new Map<string, { count: number; ms: number }>();
  server.app.app.server.prependListener('request', (req, res) => {
    const start = performance.now();
    res.on('finish', () => {
      if (!recording) return;
      const url = new URL(req.url ?? '/', 'http://x');
      const key = `${req.method} ${url.pathname.replace(/^\/login\/[A-Za-z0-9_-]+/, '/login/:uid').replace(/^\/authorize\/[A-Za-z0-9_-]+/, '/authorize/:uid')}`;
      const hop = serverHops.get(key) ?? { count: 0, ms: 0 };
      hop.count += 1;
      hop.ms += performance.now() - start;
      serverHops.set(key, hop);
    });
  });

  const profiler = await startCpuProfile();
  recording = true;
  const driven = await driveLogins({ ...job, logins: count, hops: true });
  recording = false;
  const profile = await profiler.stop();
  fs.writeFileSync(path.join(outDir, 'login.cpuprofile'), JSON.stringify(profile));

  // Self time per function (sampled), excluding idle.
  const self = selfTimes(profile);
  const totalUs = [...self.values()].reduce((a, b) => a + b, 0);
  const idleUs = self.get('(idle)') ?? 0;
  const perLogin = (us: number) => us / 1000 / driven.logins;
  const lines: string[] = [];
  lines.push(
    `${driven.logins} ${args.org ? 'organization' : 'plain'} logins in ${driven.seconds.toFixed(2)} s: ${((driven.seconds * 1000) / driven.logins).toFixed(1)} ms per login (${(driven.logins / driven.seconds).toFixed(1)}/s)`,
  );
  lines.push(`Gatehouse process CPU (non-idle samples): ${perLogin(totalUs - idleUs).toFixed(1)} ms per login`);
  lines.push('', 'HTTP hops (mean ms; client = as the driver saw it, server = request event to response finish):');
  let hopSum = 0;
  let serverSum = 0;
  for (const [key, h] of Object.entries(driven.hops ?? {})) {
    const s = serverHops.get(key);
    const serverMs = s ? s.ms / s.count : 0;
    hopSum += h.mean_ms * h.per_login;
    serverSum += serverMs * h.per_login;
    lines.push(
      `  ${key.padEnd(34)} client ${h.mean_ms.toFixed(2).padStart(6)}  server ${serverMs.toFixed(2).padStart(6)}  × ${h.per_login}`,
    );
  }
  lines.push(`  ${'sum'.padEnd(34)} client ${hopSum.toFixed(2).padStart(6)}  server ${serverSum.toFixed(2).padStart(6)}`);
  lines.push('', 'Inclusive main-thread ms per login, by where the stack passes (groups overlap):');
  for (const [label, match] of CPU_GROUPS) lines.push(`  ${perLogin(inclusiveTime(profile, match)).toFixed(2).padStart(6)}  ${label}`);
  lines.push('', 'Top self time (ms per login):');
  for (const [key, us] of [...self]
    .filter(([k]) => k !== '(idle)')
    .sort((a, b) => b[1] - a[1])
    .slice(0, 30)) {
    lines.push(`  ${perLogin(us).toFixed(2).padStart(6)}  ${key}`);
  }
  const totalQueries = [...queries.values()].reduce((a, b) => a + b, 0);
  lines.push('', `SQL statements per login: ${(totalQueries / driven.logins).toFixed(1)}`);
  for (const [sql, n] of [...queries].sort((a, b) => b[1] - a[1])) {
    lines.push(`  ${(n / driven.logins).toFixed(2).padStart(5)}  ${sql.replace(/\s+/g, ' ').slice(0, 200)}`);
  }
  // The cost of one HTTP hop that does nothing (a static stylesheet), from this process.
  const floorStart = performance.now();
  for (let i = 0; i < 200; i += 1) await (await fetch(`${server.url}/login/assets/login.css`)).text();
  lines.push('', `Floor: one static GET round trip (/login/assets/login.css) = ${((performance.now() - floorStart) / 200).toFixed(2)} ms`);

  if (server.db.dialect === 'sqlite') {
    lines.push('', 'Query plans that scan a table (EXPLAIN QUERY PLAN, parameters as NULL):');
    let scans = 0;
    for (const text of queries.keys()) {
      if (!/^\s*(select|update|delete)/i.test(text)) continue;
      const plan = await sql.raw<{ detail: string }>(`EXPLAIN QUERY PLAN ${text.replace(/\?/g, 'NULL')}`).execute(server.db.kysely);
      const bad = plan.rows.map((r) => r.detail).filter((d) => /^SCAN /.test(d));
      if (bad.length > 0) {
        scans += 1;
        lines.push(`  ${bad.join('; ')} ← ${text.replace(/\s+/g, ' ').slice(0, 120)}`);
      }
    }
    if (scans === 0) lines.push('  none');
  }
  const report = `${lines.join('\n')}\n`;
  fs.writeFileSync(path.join(outDir, 'login-profile.txt'), report);
  process.stdout.write(report);
  process.stderr.write(`profile: wrote ${path.join(outDir, 'login.cpuprofile')} and login-profile.txt\n`);
} finally {
  await server.close();
}
