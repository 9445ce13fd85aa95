/** One UTC day's figures, computed from that day's events. */
export interface DailyStats {
  /** The day's start in ISO 8601 (`2026-03-01T00:00:00.000Z`). */
  date: string;
  /** Successful sign-ins. */
  logins: number;
  /** Refused sign-ins: wrong password, unknown user, blocked account. */
  failed_logins: number;
  /** New users: sign-ups, users created by administrators, users provisioned by an IdP or SCIM. */
  signups: number;
  /** When the day's first counted event happened; the day's start when it had none. */
  created_at: string;
  /** When the day's last counted event happened; the day's start when it had none. */
  updated_at: string;
}

/** Which days and whose events: a range of UTC days, as ISO 8601 basic dates (`YYYYMMDD`), both inclusive. */
export interface DailyStatsQuery {
  /** Defaults to 29 days before `to` (30 days in all). */
  from?: string;
  /** Defaults to today (UTC). */
  to?: string;
  /** Only the events of this organization. */
  organizationId?: string;
}

/** At most this many days per request: a year, leap day included. */
export const MAX_STATS_DAYS = 366;

/** "Active users" are the users who signed in during this many days before now (as Auth0 counts them). */
export const ACTIVE_USER_DAYS = 30;
