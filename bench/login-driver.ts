/**
 * Runs complete password logins back to back for a while (or `logins` times) and prints
 * `{"logins": n, "seconds": s}`, plus `hops` (mean ms per HTTP request, by method and path) when asked.
 * A child process of bench/run.ts, so the scripted browser does not share Gatehouse's event loop.
 * With `concurrency` N, N logins run at once, each loop starting the next when its login ends.
 * argv[2]: JSON {url, clientId, clientSecret, email, password, params, seconds, logins?, hops?, expectOrgId?, concurrency?}
 */
import * as oidc from 'openid-client';
import { authorize, createAgent, exchange, signInWithPassword } from '../test/login/login.fixtures.js';

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

/** authorize → identifier → password → callback → token exchange (state, nonce, PKCE and ID token checked). */
async function login(): Promise<Record<string, unknown>> {
  const agent = createAgent();
  const flow = await authorize(config, agent, job.params);
  const callback = await signInWithPassword(agent, flow.page, job.email, job.password);
  const tokens = await exchange(config, callback.url, flow);
  return tokens.claims() as Record<string, unknown>;
}

const first = await login();
if (job.expectOrgId && first.org_id !== job.expectOrgId) throw new Error(`expected org_id ${job.expectOrgId}, got ${String(first.org_id)}`);
let logins = 0;
recording = true;
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
const out: Record<string, unknown> = { logins, seconds: (performance.now() - start) / 1000 };
if (job.hops) {
  out.hops = Object.fromEntries(
    [...hops]
      .sort((a, b) => a[1].order - b[1].order)
      .map(([key, h]) => [key, { per_login: h.count / logins, mean_ms: Number((h.ms / h.count).toFixed(2)) }]),
  );
}
process.stdout.write(`${JSON.stringify(out)}\n`);
