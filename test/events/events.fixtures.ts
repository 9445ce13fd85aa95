import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import type { EventRow } from '../../src/db/schema/events.table.js';
import type { TestServer } from '../helpers/start-server.js';
import { createAgent, formAction, inputValue } from '../helpers/browser-agent.js';

/** The events a call recorded: those whose id was not there before it. */
export async function eventsOf(server: TestServer, call: () => Promise<unknown>): Promise<EventRow[]> {
  const db = server.database.db.kysely;
  const before = new Set((await db.selectFrom('events').select('id').execute()).map((r) => r.id));
  await call();
  return (await db.selectFrom('events').selectAll().orderBy('id').execute()).filter((row) => !before.has(row.id));
}

/** Asserts each listed key of `expected` equals (deeply) the same key of `actual`. */
export function assertIncludes(actual: Record<string, unknown>, expected: Record<string, unknown>, label: string): void {
  for (const [key, value] of Object.entries(expected)) assert.deepEqual(actual[key], value, `${label}: ${key}`);
}

/**
 * A Management API access token of the tenant administrator, obtained as the console obtains it:
 * the hosted login (email, then password), the console application, PKCE, the code exchange.
 */
export async function consoleUserToken(server: TestServer, admin: { email: string; password: string }, scope: string): Promise<string> {
  const row = await server.database.db.kysely
    .selectFrom('settings')
    .select('value')
    .where('key', '=', 'console_client_id')
    .executeTakeFirstOrThrow();
  const clientId = JSON.parse(row.value) as string;
  const config = await oidc.discovery(new URL(server.url), clientId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const callback = `${server.url}/console/callback`;
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: callback,
    scope: `openid ${scope}`,
    state,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    audience: `${server.url}/api/v2/`,
  });
  const agent = createAgent();
  const page = await agent.go(url.toString(), { stopAt: callback });
  const passwordPage = await agent.go(formAction(page), { form: { _csrf: inputValue(page.html, '_csrf'), email: admin.email } });
  const done = await agent.go(formAction(passwordPage), {
    form: { _csrf: inputValue(passwordPage.html, '_csrf'), password: admin.password },
    stopAt: callback,
  });
  const tokens = await oidc.authorizationCodeGrant(config, new URL(done.url), { pkceCodeVerifier: verifier, expectedState: state });
  return tokens.access_token;
}

/** An event row with its details parsed. */
export type RecordedEvent = EventRow & { parsed: Record<string, any> };

/** The events `act` recorded, in the order they were recorded, with what `act` returned. */
export async function recording<T>(server: TestServer, act: () => Promise<T>): Promise<{ result: T; events: RecordedEvent[] }> {
  const db = server.database.db.kysely;
  const before = new Set((await db.selectFrom('events').select('id').execute()).map((r) => r.id));
  const result = await act();
  const rows = await db.selectFrom('events').selectAll().orderBy('id').execute();
  const events = rows.filter((r) => !before.has(r.id)).map((r) => ({ ...r, parsed: JSON.parse(r.details) }));
  return { result, events };
}

/** The only event of this type among `events`. */
export function only(events: RecordedEvent[], type: string): RecordedEvent {
  const found = events.filter((e) => e.action === type);
  assert.equal(found.length, 1, `one ${type} among ${events.map((e) => e.action).join(', ') || 'no events'}`);
  return found[0];
}

/** Fails when any stored event, in any column, holds one of these values. */
export async function assertNowhereInEvents(server: TestServer, secrets: string[]): Promise<void> {
  const rows = await server.database.db.kysely.selectFrom('events').selectAll().execute();
  const text = JSON.stringify(rows);
  assert.ok(rows.length > 0, 'there are events to search');
  for (const secret of secrets) {
    assert.ok(secret.length >= 8, `"${secret}" is long enough to search for`);
    assert.equal(text.includes(secret), false, `an event holds ${secret.slice(0, 12)}…`);
  }
}
