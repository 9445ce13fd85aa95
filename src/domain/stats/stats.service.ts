import type { ServiceDeps } from '../services.js';
import { iso } from '../shared/clock.js';
import { countActiveUsers, countByDay } from './stats.queries.js';
import { dayRange, daysBefore, daysOf, endOf } from './stats.range.js';
import { ACTIVE_USER_DAYS, type DailyStats, type DailyStatsQuery } from './stats.types.js';

/**
 * Activity figures, computed from the events alone: the events are the record of what happened,
 * so the figures agree with the audit log and survive the users and organizations they name.
 */
export function createStatsService({ db, clock }: Pick<ServiceDeps, 'db' | 'clock'>) {
  return {
    /** Sign-ins, failed sign-ins and new users per UTC day of the range; days without events are zeros. */
    async daily(query: DailyStatsQuery): Promise<DailyStats[]> {
      const range = dayRange(query, clock.now());
      const rows = await countByDay(db, { since: iso(range.first), until: iso(endOf(range)), organizationId: query.organizationId });
      const byDay = new Map(rows.map((row) => [row.day, row]));
      return daysOf(range).map((day) => {
        const date = iso(day);
        const row = byDay.get(date.slice(0, 10));
        return {
          date,
          logins: row?.logins ?? 0,
          failed_logins: row?.failed_logins ?? 0,
          signups: row?.signups ?? 0,
          created_at: row?.first_at ?? date,
          updated_at: row?.last_at ?? date,
        };
      });
    },

    /** The users who signed in during the last ACTIVE_USER_DAYS days, each counted once. */
    activeUsers(query: { organizationId?: string } = {}): Promise<number> {
      return countActiveUsers(db, { since: iso(daysBefore(clock.now(), ACTIVE_USER_DAYS)), organizationId: query.organizationId });
    },
  };
}

export type StatsService = ReturnType<typeof createStatsService>;
