/** Source of the current time, injected so tests can freeze it instead of sleeping. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** ISO-8601 with milliseconds: the stored timestamp format (sorts as text). */
export function iso(date: Date): string {
  return date.toISOString();
}
