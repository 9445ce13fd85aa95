import type { EventRow } from '../../db/schema/events.table.js';

/** An event as Auth0 shows a log: the `/api/v2/logs` entry shape, fields without a value left out. */
export type LogEntry = Record<string, unknown> & { log_id: string; date: string; type: string };

/** The log_id of the event numbered `seq`: zero-padded, so that log ids sort as text in seq order. */
export function logId(seq: number): string {
  return String(seq).padStart(20, '0');
}

const TEXT_FIELDS = [
  'description',
  'client_id',
  'client_name',
  'ip',
  'user_agent',
  'user_id',
  'user_name',
  'connection',
  'connection_id',
  'strategy',
  'strategy_type',
  'organization_id',
  'organization_name',
] as const;

/** The log entry of a sequenced event row. */
export function toLogEntry(row: EventRow): LogEntry {
  if (row.seq === null) throw new Error(`event ${row.id} has no seq yet`);
  const entry: LogEntry = { log_id: logId(Number(row.seq)), date: row.date, type: row.type };
  for (const field of TEXT_FIELDS) {
    const value = row[field];
    if (value !== null) entry[field] = value;
  }
  entry.details = JSON.parse(row.details) as unknown;
  return entry;
}
