import assert from 'node:assert/strict';
import type { EventRow } from '../../src/db/schema/events.table.js';
import type { TestServer } from '../helpers/start-server.js';

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
