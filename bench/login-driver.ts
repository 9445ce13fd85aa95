/**
 * Runs complete password logins back to back for a while and prints `{"logins": n, "seconds": s}`.
 * A child process of bench/run.ts, so the scripted browser does not share Gatehouse's event loop.
 * argv[2]: JSON {url, clientId, clientSecret, email, password, params, seconds, expectOrgId?}
 */
import * as oidc from 'openid-client';
import { authorize, createAgent, exchange, signInWithPassword } from '../test/login/login.fixtures.js';

interface Job {
  url: string; clientId: string; clientSecret: string; email: string; password: string;
  params: Record<string, string>; seconds: number; expectOrgId?: string;
}

const job = JSON.parse(process.argv[2]) as Job;
const config = await oidc.discovery(new URL(job.url), job.clientId, job.clientSecret, undefined, { execute: [oidc.allowInsecureRequests] });

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
const start = performance.now();
const until = start + job.seconds * 1000;
while (performance.now() < until || logins === 0) {
  await login();
  logins += 1;
}
process.stdout.write(`${JSON.stringify({ logins, seconds: (performance.now() - start) / 1000 })}\n`);
