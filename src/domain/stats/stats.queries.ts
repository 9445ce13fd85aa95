import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { COUNTED_ACTIONS, FAILED_LOGIN_ACTIONS, LOGIN_ACTIONS, SIGNUP_ACTIONS } from './stats.actions.js';

/** One day's counts as the grouped query returns them; days without counted events have no row. */
export interface DayCountsRow {
  /** `YYYY-MM-DD`: the day prefix of the events' ISO dates. */
  day: string;
  logins: number;
  failed_logins: number;
  signups: number;
  first_at: string;
  last_at: string;
}

// `events.date` is ISO 8601 text in UTC, so its first ten characters are the UTC day on both dialects,
// and a text range on it is a time range. The literal 1 and 10 keep the select and group-by
// expressions identical for PostgreSQL (bound parameters would make them differ).
const DAY = sql<string>`substr(${sql.ref('date')}, 1, 10)`;

function countOf(actions: readonly string[]) {
  return sql<number | string>`sum(case when ${sql.ref('action')} in (${sql.join([...actions])}) then 1 else 0 end)`;
}

/** The counted events of [since, until), per UTC day, in one grouped query; optionally one organization's only. */
export async function countByDay(
  db: Kysely<Database>,
  range: { since: string; until: string; organizationId?: string },
): Promise<DayCountsRow[]> {
  let query = db
    .selectFrom('events')
    .select((eb) => [
      DAY.as('day'),
      countOf(LOGIN_ACTIONS).as('logins'),
      countOf(FAILED_LOGIN_ACTIONS).as('failed_logins'),
      countOf(SIGNUP_ACTIONS).as('signups'),
      eb.fn.min('date').as('first_at'),
      eb.fn.max('date').as('last_at'),
    ])
    .where('action', 'in', [...COUNTED_ACTIONS])
    .where('date', '>=', range.since)
    .where('date', '<', range.until);
  if (range.organizationId !== undefined) query = query.where('organization_id', '=', range.organizationId);
  const rows = await query.groupBy(DAY).execute();
  // PostgreSQL's sum() is numeric, which node-postgres hands over as text.
  return rows.map((row) => ({
    day: row.day,
    logins: Number(row.logins),
    failed_logins: Number(row.failed_logins),
    signups: Number(row.signups),
    first_at: row.first_at,
    last_at: row.last_at,
  }));
}

/** How many distinct users signed in since `since`; optionally in one organization only. */
export async function countActiveUsers(db: Kysely<Database>, options: { since: string; organizationId?: string }): Promise<number> {
  let query = db
    .selectFrom('events')
    .select((eb) => eb.fn.count<number | string>('user_id').distinct().as('users'))
    .where('action', 'in', [...LOGIN_ACTIONS])
    .where('date', '>=', options.since)
    .where('user_id', 'is not', null);
  if (options.organizationId !== undefined) query = query.where('organization_id', '=', options.organizationId);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.users);
}
