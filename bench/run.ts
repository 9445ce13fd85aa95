/**
 * `npm run bench [-- --smoke] [--duration N] [--pg] [--out DIR]`: starts Gatehouse in this process on a
 * temporary SQLite database, measures each scenario of BENCHMARKS.md against a baseline taken in the
 * same run, and writes latest.json and latest.md to bench/results (or DIR).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';
import { startGatehouse } from './lib/gatehouse.js';
import { machine, markdown, scenario, write, type Results, type ScenarioResult } from './lib/report.js';
import { createBenchApi, measureTokens, registerMachineClient, tokensPerSecond } from './scenarios/tokens.js';
import { measureData } from './scenarios/data.js';
import { measureImport } from './scenarios/import.js';
import { measureCluster } from './scenarios/cluster.js';
import { argon2ConcurrentPerSecond, argon2PerSecond, loginCapacity, measureLogins } from './scenarios/login.js';
import { measureMfaLogins } from './scenarios/login-mfa.js';
import { measureLogStreams } from './scenarios/log-streams.js';
import { measureStartup } from './scenarios/startup.js';
import { measureTwoNodes } from './scenarios/two-nodes.js';
import { measureScim } from './scenarios/scim.js';

const { values: args } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    pg: { type: 'boolean', default: false },
    duration: { type: 'string' },
    users: { type: 'string' },
    out: { type: 'string' },
  },
});

const smoke = args.smoke;
const seconds = Number(args.duration ?? (smoke ? 0.2 : 8));
if (!(seconds > 0)) throw new Error('--duration must be a positive number of seconds');
const large = Number(args.users ?? 1_000_000);
if (!(large > 1_000)) throw new Error('--users must be a number of users above 1000');
const sizes = smoke ? { small: 20, large: 40 } : { small: 1_000, large };
const outDir = args.out ? path.resolve(args.out) : fileURLToPath(new URL('./results', import.meta.url));
const pgUrl = args.pg ? (process.env.BENCH_PG_URL ?? process.env.TEST_PG_URL) : undefined;
if (args.pg && !pgUrl) throw new Error('--pg needs BENCH_PG_URL (or TEST_PG_URL) pointing at a PostgreSQL server');

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
/** Resident set size in MiB after a full collection. */
function rssMiB(): number {
  gc();
  return process.memoryUsage().rss / 2 ** 20;
}
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

const rows: ScenarioResult[] = [];
const notes: string[] = [];
const assess = !smoke;
// Loopback webhook receivers (the log stream scenarios) need private endpoints allowed.
const server = await startGatehouse({ dispatcher: true, env: { GATEHOUSE_LOG_STREAM_ALLOW_PRIVATE: 'true' } });
let seed = { users: 0, seconds: 0 };
try {
  await createBenchApi(server);
  const idle = rssMiB();
  log(`Gatehouse at ${server.url}; idle RSS ${idle.toFixed(0)} MiB`);

  log('argon2id baseline and logins');
  const argon2 = await argon2PerSecond(seconds);
  const logins = await measureLogins(server, seconds);
  const afterLogin = rssMiB();
  rows.push(
    scenario(
      'password login (authorize → identifier → password → callback → token), 1 at a time',
      'logins/s',
      logins.plain,
      argon2,
      '>= 0.6',
      assess,
    ),
    scenario(
      'organization login (org_id + member roles in the access token), 1 at a time',
      'logins/s',
      logins.organization,
      logins.plain,
      '>= 0.9',
      assess,
    ),
    scenario('memory: RSS after the login scenario vs at idle', 'MiB', afterLogin, idle, 'report', assess),
  );
  // Enough enrolled members that one at a time rarely runs out of unused TOTP steps (about 25 logins/s).
  const mfaMembers = smoke ? 5 : Math.min(600, Math.ceil(seconds * 25));
  log(`organization login with TOTP (${mfaMembers} enrolled members) vs without MFA`);
  const mfa = await measureMfaLogins(server, logins.jobs.organization, mfaMembers);
  rows.push(
    scenario(
      'organization login with a TOTP challenge (policy requires MFA) vs the same login without MFA, 1 at a time',
      'logins/s',
      mfa.with,
      mfa.without,
      '>= 0.8',
      assess,
    ),
  );
  if (mfa.waitedSeconds > 0)
    notes.push(`TOTP logins: ${mfa.waitedSeconds.toFixed(1)} s waiting for fresh TOTP steps (every member used), left out of the rate`);
  log('capacity: 8 password logins at once vs 8 argon2id verifications at once');
  const argon2Capacity = await argon2ConcurrentPerSecond(seconds, 8);
  const capacity = await loginCapacity(logins.jobs.plain, 8);
  rows.push(
    scenario(
      'password-login capacity, 8 logins at once, vs argon2id capacity, 8 verifications at once (all cores)',
      'logins/s',
      capacity,
      argon2Capacity,
      '>= 0.6',
      assess,
    ),
  );

  log('client-credentials tokens');
  const tokens = await measureTokens(server, seconds);
  rows.unshift(scenario('client-credentials token (RS256 JWT, audience)', 'tokens/s', tokens.gatehouse, tokens.bare, '>= 0.8', assess));
  log('log streams: tokens with a webhook stream, delivery lag under logins');
  const streams = await measureLogStreams(server, logins.jobs.plain, seconds);
  rows.push(
    scenario(
      'client-credentials token with a webhook stream active vs without (dispatcher on)',
      'tokens/s',
      streams.tokens.with,
      streams.tokens.without,
      '>= 0.9',
      assess,
    ),
    scenario(
      'log stream delivery lag (event date → receipt), steady logins: p99 vs p50',
      'ms',
      streams.lag.p99,
      streams.lag.p50,
      'report',
      assess,
    ),
  );
  notes.push(
    `webhook stream: ${streams.tokens.delivered} deliveries during the token run; ${streams.lag.received} during the login run (${streams.lag.duplicates} duplicates)`,
    `webhook stream: CPU per token (this process and the receiver) ${streams.cpuPerToken.with.toFixed(2)} ms with the stream vs ${streams.cpuPerToken.without.toFixed(2)} ms without`,
  );
  const importUsers = smoke ? 1_000 : 100_000;
  log(`users import: ${importUsers} users through the job vs plain batched inserts`);
  const imported = await measureImport(server, importUsers);
  rows.push(
    scenario(
      `users import job (upload → completed, batches with events), ${importUsers} users, vs plain batched inserts of the same rows`,
      'users/s',
      imported.job,
      imported.plain,
      '>= 0.5',
      assess,
    ),
  );
  if (pgUrl) {
    log('client-credentials tokens on PostgreSQL');
    const pgServer = await startGatehouse({ pgUrl });
    try {
      await createBenchApi(pgServer);
      const client = await registerMachineClient(pgServer);
      const onPg = await tokensPerSecond(pgServer.url, client, seconds);
      rows.splice(1, 0, scenario('client-credentials token, PostgreSQL', 'tokens/s', onPg, tokens.gatehouse, '>= 0.7', assess));
    } finally {
      await pgServer.close();
    }
    log('client-credentials tokens through HAProxy: two nodes on PostgreSQL vs one');
    const nodes = await measureTwoNodes(pgUrl, seconds);
    if (nodes) {
      rows.push(
        scenario(
          `client-credentials token through HAProxy, 2 nodes vs 1 (PostgreSQL; ${os.cpus().length} cores for nodes, balancer and load)`,
          'tokens/s',
          nodes.two,
          nodes.one,
          'report',
          assess,
        ),
      );
    } else notes.push('two nodes behind HAProxy: not measured (haproxy is not installed)');
  }

  if (!smoke) {
    log('client-credentials tokens with GATEHOUSE_WORKERS=1 and 2 (the CLI in cluster mode)');
    const cluster = await measureCluster(seconds);
    rows.push(
      scenario(
        'client-credentials token, 2 worker processes vs 1 (GATEHOUSE_WORKERS)',
        'tokens/s',
        cluster.two,
        cluster.one,
        'report',
        assess,
      ),
      scenario(
        'client-credentials token through the CLI as `npm start` runs it (compiled, default logging) vs bare oidc-provider',
        'tokens/s',
        cluster.asStarted,
        tokens.bare,
        '>= 0.8',
        assess,
      ),
    );
  }

  log('start-up and idle RSS: the compiled CLI (npm start) vs the CLI from sources (tsx)');
  const startup = await measureStartup(smoke ? 1 : 3, smoke ? 200 : 3000, !smoke);
  rows.push(
    scenario(
      'start-up to the first healthy answer: compiled (npm start) vs from sources (tsx)',
      's',
      startup.compiled.seconds,
      startup.sources.seconds,
      'report',
      assess,
    ),
    scenario(
      'memory: idle RSS of the CLI, compiled vs from sources (tsx)',
      'MiB',
      startup.compiled.rss,
      startup.sources.rss,
      'report',
      assess,
    ),
  );

  const scimSizes = smoke ? { provision: 20, small: 20, large: 40 } : { provision: 10_000, small: 1_000, large: 100_000 };
  log(`SCIM: ${scimSizes.provision} users by SCIM POST and by POST /users; userName filter at ${scimSizes.large} vs ${scimSizes.small}`);
  const scim = await measureScim(server, scimSizes, seconds);
  rows.push(
    scenario(
      `provisioning ${scimSizes.provision} enterprise users: SCIM POST /Users vs Management API POST /users, 8 at a time`,
      'users/s',
      scim.provision.scim,
      scim.provision.management,
      '>= 0.8',
      assess,
    ),
    scenario(
      `SCIM GET /Users?filter=userName eq "…", ${scimSizes.large} vs ${scimSizes.small} users of the connection`,
      'p50 ms',
      scim.filter.large,
      scim.filter.small,
      '<= 1.5',
      assess,
    ),
  );

  log(`seeding ${sizes.large} users and memberships; members and user search`);
  const data = await measureData(server, sizes, seconds, logins.jobs.plain);
  seed = data.seed;
  rows.push(
    scenario(
      `GET /organizations/{id}/members?take=50, ${sizes.large} vs ${sizes.small} members`,
      'p50 ms',
      data.members.large,
      data.members.small,
      '<= 1.5',
      assess,
    ),
    scenario(
      `password login (1 at a time) of a user among ${sizes.large} vs ${sizes.small} users`,
      'logins/s',
      data.login.large,
      data.login.small,
      '>= 0.9',
      assess,
    ),
    scenario(
      `GET /users?q=email:…, ${sizes.large} vs ${sizes.small} users`,
      'p50 ms',
      data.search.large,
      data.search.small,
      '<= 2',
      assess,
    ),
  );
  notes.push(`members page plan: ${data.members.plan.join('; ')}`, `email search plan: ${data.search.plan.join('; ')}`);
} finally {
  await server.close();
}

const results: Results = {
  machine: machine(),
  run: {
    date: new Date().toISOString(),
    dialect: pgUrl ? 'sqlite (+ postgres for tokens)' : 'sqlite',
    smoke,
    seconds_per_scenario: seconds,
    seed_users: seed.users,
    seed_seconds: seed.seconds,
  },
  scenarios: rows,
  notes,
};
write(outDir, results);
process.stdout.write(markdown(results));
process.stderr.write(`bench: wrote ${path.join(outDir, 'latest.json')} and latest.md\n`);
