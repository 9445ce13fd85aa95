import type { Insertable, Selectable, Updateable } from 'kysely';

/** Row of `connection_domains`. JSON columns are text, booleans are integers 0/1. */
export interface ConnectionDomainTable {
  domain: string;
  connection_id: string;
}

export type ConnectionDomainRow = Selectable<ConnectionDomainTable>;
export type NewConnectionDomainRow = Insertable<ConnectionDomainTable>;
export type ConnectionDomainRowUpdate = Updateable<ConnectionDomainTable>;
