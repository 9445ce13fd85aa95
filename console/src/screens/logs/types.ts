import { EVENT_TYPES, type LogEntry } from '../../api/resources';

export type { LogEntry };

/** `GET /logs` and `GET /users/{id}/logs` with include_totals: Auth0's page of entries. */
export interface LogPage {
  start: number;
  limit: number;
  length: number;
  total: number;
  logs: LogEntry[];
}

export const PER_PAGE = 25;

/** The console's URL of one entry. */
export const logPath = (logId: string) => `/logs/${logId}`;

/** What a type code means, or undefined for a code this console does not know. */
export function typeDescription(code: string): string | undefined {
  return Object.hasOwn(EVENT_TYPES, code) ? EVENT_TYPES[code as keyof typeof EVENT_TYPES].description : undefined;
}
