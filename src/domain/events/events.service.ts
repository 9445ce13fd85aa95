import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database.js';
import type { NewEventRow } from '../../db/schema/events.table.js';
import { isDatabase, isEnterprise, isSocial } from '../connections/connections.types.js';
import { countEvent, type DomainMetrics, NO_METRICS } from '../metrics/domain-metrics.js';
import { type Clock, iso } from '../shared/clock.js';
import type { Actor } from './actor.js';
import { EVENT_TYPES } from './event-types.js';
import { eventId, insertEvents, sequencePending } from './events.queries.js';
import type { EventInput } from './events.types.js';
import { withoutSecrets } from './redact.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** Auth0's `strategy_type` for a connection strategy. */
function strategyType(strategy: string): string {
  if (isDatabase(strategy)) return 'database';
  if (isSocial(strategy)) return 'social';
  if (isEnterprise(strategy)) return 'enterprise';
  return 'other';
}

/** The row of one event, dated `at`. */
function eventRow(at: Date, actor: Actor, event: EventInput): NewEventRow {
  // A change made through an API is Auth0's `sapi`; what it changed stays in details.action.
  const viaApi = actor.api !== undefined && event.type !== 'sapi' && event.type !== 'fapi';
  const details: Record<string, unknown> = {
    ...(withoutSecrets(event.details ?? {}) as Record<string, unknown>),
    ...(viaApi ? { action: event.type } : {}),
    // Which API the actor used: the tenant's (management) or an organization admin's (my_org).
    actor: { type: actor.type, id: actor.id, ...(actor.name ? { name: actor.name } : {}), ...(actor.api ? { api: actor.api } : {}) },
  };
  const strategy = event.strategy ?? null;
  return {
    id: eventId(at),
    seq: null,
    type: viaApi ? 'sapi' : event.type,
    action: event.type,
    date: iso(at),
    description: event.description ?? EVENT_TYPES[event.type].description,
    actor_type: actor.type,
    actor_id: actor.id,
    client_id: event.clientId ?? actor.clientId ?? (actor.type === 'client' ? actor.id : null),
    client_name: event.clientName ?? null,
    ip: actor.ip ?? null,
    user_agent: actor.userAgent ?? null,
    user_id: event.userId ?? (actor.type === 'user' ? actor.id : null),
    user_name: event.userName ?? null,
    connection: event.connection ?? null,
    connection_id: event.connectionId ?? null,
    strategy,
    strategy_type: event.strategyType ?? (strategy ? strategyType(strategy) : null),
    organization_id: event.organizationId ?? actor.organizationId ?? null,
    organization_name: event.organizationName ?? null,
    details: JSON.stringify(details),
  };
}

/**
 * The event log. `record` writes into the transaction it is given, so an event exists if and only
 * if its change committed; outcomes that change nothing (a failed sign-in) pass the database handle.
 */
export function createEventsService({ db, clock, metrics = NO_METRICS }: { db: Kysely<Database>; clock: Clock; metrics?: DomainMetrics }) {
  /**
   * Several events in one INSERT statement, in the order given (their ids sort in that order):
   * one statement is atomic on its own, so a batch needs no transaction, and the query is built
   * and compiled once for all of them instead of once per event.
   */
  async function recordAll(executor: Executor, items: readonly { actor: Actor; event: EventInput }[]): Promise<void> {
    if (items.length === 0) return;
    const at = clock.now();
    await insertEvents(
      executor,
      items.map(({ actor, event }) => eventRow(at, actor, event)),
    );
    for (const { event } of items) countEvent(metrics, event.type, event.details);
  }

  return {
    async record(executor: Executor, actor: Actor, event: EventInput): Promise<void> {
      await recordAll(executor, [{ actor, event }]);
    },

    recordAll,

    /** An outcome that changed nothing (a failed API call): recorded on its own, outside any transaction. */
    recordOutcome(actor: Actor, event: EventInput): Promise<void> {
      return this.record(db, actor, event);
    },

    /** Numbers committed events (see sequencePending); readers call it before reading by seq. */
    sequence(batch = 1000): Promise<number> {
      return sequencePending(db, batch);
    },
  };
}

export type EventsService = ReturnType<typeof createEventsService>;
