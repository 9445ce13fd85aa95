import type { DailyStats, Organization } from '../../api/resources';

export type { DailyStats, Organization };

/** A figure of the daily stats the screen charts. */
export type Figure = 'logins' | 'failed_logins' | 'signups';
