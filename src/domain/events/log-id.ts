/**
 * A log_id is an event's seq as 20 zero-padded digits: log ids sort as text in seq order (the order
 * events committed), and a reader resumes after the last one it saw.
 */
const LOG_ID_DIGITS = 20;

export function formatLogId(seq: number): string {
  return String(seq).padStart(LOG_ID_DIGITS, '0');
}

/**
 * The seq a log_id names: 1 to 20 digits, at most 2^53 - 1 (a seq is a JavaScript number; no
 * database reaches it). Undefined for anything else.
 */
export function parseLogId(logId: string): number | undefined {
  if (!/^\d{1,20}$/.test(logId)) return undefined;
  const seq = Number(logId);
  return Number.isSafeInteger(seq) ? seq : undefined;
}
