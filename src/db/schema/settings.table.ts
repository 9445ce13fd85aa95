import type { Insertable, Selectable, Updateable } from 'kysely';

/** Row of `settings`. JSON columns are text, booleans are integers 0/1. */
export interface SettingTable {
  key: string;
  value: string;
}

export type SettingRow = Selectable<SettingTable>;
export type NewSettingRow = Insertable<SettingTable>;
export type SettingRowUpdate = Updateable<SettingTable>;
