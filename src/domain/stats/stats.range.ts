import { invalidQuery } from '../errors.js';
import { MAX_STATS_DAYS } from './stats.types.js';

const DAY_MS = 86_400_000;
const DEFAULT_DAYS = 30;

/** A range of whole UTC days: `first` and `last` are midnights, both included. */
export interface DayRange {
  first: Date;
  last: Date;
}

function invalid(field: string, rule: string): never {
  invalidQuery(field, rule);
}

/** Midnight UTC of an ISO 8601 basic date (`YYYYMMDD`); a 400 naming `field` unless it is a calendar day. */
function parseDay(value: string, field: string): Date {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (!match) invalid(field, `Expected a day as YYYYMMDD: ${value}`);
  const day = new Date(`${match[1]}-${match[2]}-${match[3]}T00:00:00.000Z`);
  // Date rolls 20260231 over into March; a calendar day reads back as itself.
  if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== `${match[1]}-${match[2]}-${match[3]}`) {
    invalid(field, `Not a calendar day: ${value}`);
  }
  return day;
}

function midnight(at: Date): Date {
  return new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
}

/**
 * The days a daily-stats request covers: `to` defaults to today, `from` to 29 days before `to`; `from`
 * must not follow `to`, and the range holds at most MAX_STATS_DAYS days, so one request stays one
 * bounded query.
 */
export function dayRange(query: { from?: string; to?: string }, now: Date): DayRange {
  const from = query.from === undefined ? undefined : parseDay(query.from, 'from');
  const last = query.to === undefined ? midnight(now) : parseDay(query.to, 'to');
  const first = from ?? new Date(last.getTime() - (DEFAULT_DAYS - 1) * DAY_MS);
  if (first > last) invalid('from', `from (${query.from}) is after to (${query.to ?? 'today'})`);
  const days = dayCount({ first, last });
  if (days > MAX_STATS_DAYS) invalid('from', `The range spans ${days} days, maximum ${MAX_STATS_DAYS}`);
  return { first, last };
}

export function dayCount(range: DayRange): number {
  return Math.round((range.last.getTime() - range.first.getTime()) / DAY_MS) + 1;
}

/** Every day of the range, in order. */
export function daysOf(range: DayRange): Date[] {
  return Array.from({ length: dayCount(range) }, (_, i) => new Date(range.first.getTime() + i * DAY_MS));
}

/** The midnight after the range's last day: the exclusive upper bound of its events' dates. */
export function endOf(range: DayRange): Date {
  return new Date(range.last.getTime() + DAY_MS);
}

/** The instant `days` days before `now`. */
export function daysBefore(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}
