import type { Insertable, Selectable } from 'kysely';

/** Row of `connection_clients`: the connection is enabled for the application (Auth0's `enabled_clients`). */
export interface ConnectionClientTable {
  connection_id: string;
  client_id: string;
}

export type ConnectionClientRow = Selectable<ConnectionClientTable>;
export type NewConnectionClientRow = Insertable<ConnectionClientTable>;
