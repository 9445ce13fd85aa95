/** The periods the screen offers, in days ending today (UTC). */
export const PERIODS = [7, 30, 90] as const;
export type Period = (typeof PERIODS)[number];
export const DEFAULT_PERIOD: Period = 30;

const DAY_MS = 86_400_000;

/** `YYYYMMDD` of a UTC day, as /stats/daily takes it. */
function compact(day: Date): string {
  return day.toISOString().slice(0, 10).replaceAll('-', '');
}

/** The `from`/`to` of the last `days` UTC days, today included. */
export function periodRange(days: Period, now = new Date()): { from: string; to: string } {
  return { from: compact(new Date(now.getTime() - (days - 1) * DAY_MS)), to: compact(now) };
}

/** The period in the URL, or the default when it names none of the offered ones. */
export function periodOf(value: string | null): Period {
  return PERIODS.find((p) => String(p) === value) ?? DEFAULT_PERIOD;
}

const SHORT = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric', timeZone: 'UTC' });
const LONG = new Intl.DateTimeFormat('en', { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });

/** "Mar 10": an axis label. */
export function shortDay(iso: string): string {
  return SHORT.format(new Date(iso));
}

/** "Tue, Mar 10, 2026": a table row's and a tooltip's label. */
export function longDay(iso: string): string {
  return LONG.format(new Date(iso));
}
