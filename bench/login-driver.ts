/**
 * Runs complete password logins back to back for a while (or `logins` times) and prints
 * `{"logins": n, "seconds": s}`, plus `hops` (mean ms per HTTP request, by method and path) when asked.
 * A child process of bench/run.ts, so the scripted browser does not share Gatehouse's event loop.
 * With `concurrency` N, N logins run at once, each loop starting the next when its login ends.
 * With `totp` (members enrolled in TOTP), each login answers the MFA challenge with a member's code;
 * `waited` is then the seconds spent waiting for a fresh TOTP step, left out of `seconds`.
 * argv[2]: JSON {url, clientId, clientSecret, email, password, params, seconds, logins?, hops?, expectOrgId?, concurrency?, totp?}
 */
import * as oidc from 'openid-client';
import { generate } from 'otplib';
import { CALLBACK, authorize, createAgent, exchange, formAction, inputValue, signInWithPassword } from '../test/login/login.fixtures.js';

/** A member enrolled in TOTP: the step of their last accepted code. */
interface TotpUser {
  email: string;
  secret: string;
  lastStep: number;
}

interface Job {
  url: string;
  clientId: string;
  clientSecret: string;
  email: string;
  password: string;
  params: Record<string, string>;
  seconds: number;
  logins?: number;
  hops?: boolean;
  expectOrgId?: string;
  concurrency?: number;
  totp?: TotpUser[];
}

const job = JSON.parse(process.argv[2]) as Job;
const config = await oidc.discovery(new URL(job.url), job.clientId, job.clientSecret, undefined, { execute: [oidc.allowInsecureRequests] });

// Per-hop timing: every request of a login goes through fetch (the agent's and openid-client's).
const hops = new Map<string, { count: number; ms: number; order: number }>();
let recording = false;
if (job.hops) {
  const plain = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const key = `${init?.method ?? (input instanceof Request ? input.method : 'GET')} ${url.pathname.replace(/^\/login\/[A-Za-z0-9_-]+/, '/login/:uid').replace(/^\/authorize\/[A-Za-z0-9_-]+/, '/authorize/:uid')}`;
    const start = performance.now();
    const res = await plain(input, init);
    await res.clone().arrayBuffer();
    if (recording) {
      const hop = hops.get(key) ?? { count: 0, ms: 0, order: hops.size };
      hop.count += 1;
      hop.ms += performance.now() - start;
      hops.set(key, hop);
    }
    return res;
  };
}

// TOTP: Gatehouse accepts the steps around now, each once per member. A login takes the first member
// with such a step left; when every one is used up it waits for the next step, and that wait is
// left out of the time measured (it is the bench running out of members, not Gatehouse working).
const STEP_MS = 30_000;
let waitedMs = 0;
let nextMember = 0;
async function takeTotpStep(members: TotpUser[]): Promise<{ member: TotpUser; step: number }> {
  for (;;) {
    const current = Math.floor(Date.now() / STEP_MS);
    for (let tried = 0; tried < members.length; tried += 1) {
      const member = members[(nextMember + tried) % members.length];
      const step = Math.max(member.lastStep + 1, current - 1);
      if (step <= current + 1) {
        nextMember = (nextMember + tried + 1) % members.length;
        member.lastStep = step;
        return { member, step };
      }
    }
    const wait = (current + 1) * STEP_MS - Date.now() + 50;
    waitedMs += wait;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** authorize → identifier → password → (TOTP challenge) → callback → token exchange (state, nonce, PKCE and ID token checked). */
async function login(): Promise<Record<string, unknown>> {
  const agent = createAgent();
  const flow = await authorize(config, agent, job.params);
  const totp = job.totp ? await takeTotpStep(job.totp) : undefined;
  let callback = await signInWithPassword(agent, flow.page, totp?.member.email ?? job.email, job.password);
  if (totp) {
    if (!/Verify your identity/.test(callback.html))
      throw new Error(`expected the TOTP challenge, got ${callback.status}: ${callback.html.slice(0, 300)}`);
    const code = await generate({ secret: totp.member.secret, epoch: totp.step * 30 + 1 });
    callback = await agent.go(formAction(callback), { form: { _csrf: inputValue(callback.html, '_csrf'), code }, stopAt: CALLBACK });
  }
  const tokens = await exchange(config, callback.url, flow);
  return tokens.claims() as Record<string, unknown>;
}

const first = await login();
if (job.expectOrgId && first.org_id !== job.expectOrgId) throw new Error(`expected org_id ${job.expectOrgId}, got ${String(first.org_id)}`);
if (job.totp && !(first.amr as string[] | undefined)?.includes('otp'))
  throw new Error(`expected amr with otp, got ${JSON.stringify(first.amr)}`);
let logins = 0;
recording = true;
waitedMs = 0;
const start = performance.now();
const until = start + job.seconds * 1000;
const enough = () => (job.logins !== undefined ? logins >= job.logins : performance.now() >= until && logins > 0);
async function loop(): Promise<void> {
  while (!enough()) {
    await login();
    logins += 1;
  }
}
await Promise.all(Array.from({ length: job.concurrency ?? 1 }, loop));
const out: Record<string, unknown> = { logins, seconds: (performance.now() - start - waitedMs) / 1000, waited: waitedMs / 1000 };
if (job.hops) {
  out.hops = Object.fromEntries(
    [...hops]
      .sort((a, b) => a[1].order - b[1].order)
      .map(([key, h]) => [key, { per_login: h.count / logins, mean_ms: Number((h.ms / h.count).toFixed(2)) }]),
  );
}
process.stdout.write(`${JSON.stringify(out)}\n`);
