import type { Insertable, Selectable } from 'kysely';

/** Row of `events`: one change or sign-in outcome. `details` is JSON text; `seq` is null until sequenced. */
export interface EventTable {
  id: string;
  seq: number | null;
  type: string;
  /** The change's own code (EVENT_TYPES); `type` is `sapi` when the change came through an API. */
  action: string;
  date: string;
  description: string | null;
  actor_type: string;
  actor_id: string | null;
  client_id: string | null;
  client_name: string | null;
  ip: string | null;
  user_agent: string | null;
  user_id: string | null;
  user_name: string | null;
  connection: string | null;
  connection_id: string | null;
  strategy: string | null;
  strategy_type: string | null;
  organization_id: string | null;
  organization_name: string | null;
  details: string;
}

/** Row of `event_sequence`: the one row holding the last seq given. */
export interface EventSequenceTable {
  id: number;
  last_seq: number;
}

export type EventRow = Selectable<EventTable>;
export type NewEventRow = Insertable<EventTable>;
