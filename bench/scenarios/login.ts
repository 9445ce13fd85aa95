import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { hashPassword, verifyPassword } from '../../src/domain/users/passwords.js';
import type { BenchServer } from '../lib/gatehouse.js';
import { BENCH_API } from './tokens.js';

const run = promisify(execFile);
const DRIVER = fileURLToPath(new URL('../login-driver.ts', import.meta.url));
const CALLBACK = 'http://127.0.0.1:9/callback';
export const PASSWORD = 'Correct-horse-battery-1';

/** The ceiling: argon2id verifications per second, one at a time (one core), with Gatehouse's own parameters. */
export async function argon2PerSecond(seconds: number): Promise<number> {
  const stored = await hashPassword(PASSWORD);
  let count = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000 || count === 0) {
    if (!(await verifyPassword(stored, PASSWORD))) throw new Error('argon2 verification failed');
    count += 1;
  }
  return count / ((performance.now() - start) / 1000);
}

/**
 * The ceiling of capacity: argon2id verifications per second with `concurrency` at once, which
 * @node-rs/argon2 runs on the libuv thread pool, so on every core.
 */
export async function argon2ConcurrentPerSecond(seconds: number, concurrency: number): Promise<number> {
  const stored = await hashPassword(PASSWORD);
  let count = 0;
  const start = performance.now();
  const loop = async () => {
    while (performance.now() - start < seconds * 1000 || count === 0) {
      if (!(await verifyPassword(stored, PASSWORD))) throw new Error('argon2 verification failed');
      count += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  return count / ((performance.now() - start) / 1000);
}

/** Password logins per second with `concurrency` logins at once. */
export async function loginCapacity(job: LoginJob, concurrency: number): Promise<number> {
  const { logins, seconds } = await driveLogins({ ...job, concurrency });
  return logins / seconds;
}

/** Runs bench/login-driver.ts in a child process and returns what it printed. */
export async function driveLogins(
  job: LoginJob & { logins?: number; hops?: boolean; concurrency?: number },
): Promise<{ logins: number; seconds: number; waited?: number; hops?: Record<string, { per_login: number; mean_ms: number }> }> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', DRIVER, JSON.stringify(job)], { timeout: 300_000 });
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

export async function drive(job: LoginJob): Promise<number> {
  const { logins, seconds } = await driveLogins(job);
  return logins / seconds;
}

/** What login-driver.ts needs for one kind of login. */
export interface LoginJob {
  url: string;
  clientId: string;
  clientSecret: string;
  password: string;
  seconds: number;
  email: string;
  params: Record<string, string>;
  expectOrgId?: string;
  /** Members enrolled in TOTP (login-mfa.ts): each login takes one and answers the challenge. */
  totp?: { email: string; secret: string; lastStep: number }[];
}

/**
 * Sets up a tenant password user and an organization member with two roles, then measures logins/s
 * for each, one login at a time: the plain login asks for the bench API; the organization login asks
 * for the same API in the organization, so its access token carries org_id and the member's roles.
 */
export async function measureLogins(
  server: BenchServer,
  seconds: number,
): Promise<{ plain: number; organization: number; jobs: { plain: LoginJob; organization: LoginJob } }> {
  const jobs = await prepareLogins(server, seconds);
  const plain = await drive(jobs.plain);
  const organization = await drive(jobs.organization);
  return { plain, organization, jobs };
}

/** The users, organization, roles and application of the login scenarios, and a driver job for each. */
export async function prepareLogins(server: BenchServer, seconds: number): Promise<{ plain: LoginJob; organization: LoginJob }> {
  await server.api('POST', '/connections', { name: 'bench-users', strategy: 'auth0' });
  const plainUser = await server.api('POST', '/users', {
    connection: 'bench-users',
    email: 'plain@bench-login.example',
    password: PASSWORD,
    email_verified: true,
  });
  const org = await server.api('POST', '/organizations', { name: 'bench-login-org', display_name: 'Bench Login Org' });
  const orgConnection = await server.api('POST', '/connections', { name: 'bench-org-users', strategy: 'auth0' });
  await server.api('POST', `/organizations/${org.id}/enabled_connections`, { connection_id: orgConnection.id });
  const member = await server.api('POST', '/users', {
    connection: 'bench-org-users',
    email: 'member@bench-login.example',
    password: PASSWORD,
    email_verified: true,
  });
  await server.api('POST', `/organizations/${org.id}/members`, { members: [member.user_id] });
  const roles = [];
  for (const name of ['bench-reader', 'bench-writer']) {
    const role = await server.api('POST', '/roles', { name });
    await server.api('POST', `/roles/${role.id}/permissions`, {
      permissions: [{ permission_name: 'read:bench', resource_server_identifier: BENCH_API }],
    });
    roles.push(role.id);
  }
  await server.api('POST', `/organizations/${org.id}/members/${encodeURIComponent(member.user_id)}/roles`, { roles });

  const app = await server.api('POST', '/clients', {
    name: 'Bench web app',
    app_type: 'regular_web',
    callbacks: [CALLBACK],
    organization_usage: 'allow',
  });
  const common = { url: server.url, clientId: app.client_id, clientSecret: app.client_secret, password: PASSWORD, seconds };
  const scope = 'openid profile email read:bench';
  return {
    plain: { ...common, email: plainUser.email, params: { audience: BENCH_API, scope } },
    organization: { ...common, email: member.email, params: { audience: BENCH_API, scope, organization: org.id }, expectOrgId: org.id },
  };
}
