import { Webhook } from 'standardwebhooks';
import type { LogEntry } from '../events/logs.types.js';
import type { CustomHeader, LogStreamSink, LogStreamType } from './log-streams.types.js';

/** One event to deliver: its log entry and the change's own code (the webhook message type). */
export interface PendingEvent {
  seq: number;
  action: string;
  entry: LogEntry;
}

/** One HTTP request of a delivery: its body, its headers, and the last event it carries. */
export interface DeliveryRequest {
  body: string;
  headers: Record<string, string>;
  lastSeq: number;
  /** The webhook-id (Standard Webhooks): the event's log_id, which receivers deduplicate on. */
  messageId: string;
}

/** What a stream needs to shape its requests. */
export interface DeliveryTarget {
  type: LogStreamType;
  sink: LogStreamSink;
  httpAuthorization: string | null;
}

const USER_AGENT = 'Gatehouse-LogStreams/1';

function baseHeaders(custom: CustomHeader[] | undefined, contentType: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const { header, value } of custom ?? []) headers[header.toLowerCase()] = value;
  headers['content-type'] = contentType;
  headers['user-agent'] = USER_AGENT;
  return headers;
}

/** Auth0's custom webhook item: each log wrapped with its id. */
function wrapped(event: PendingEvent): string {
  return JSON.stringify({ log_id: event.entry.log_id, data: event.entry });
}

/**
 * The requests that deliver `events` (in seq order) to the stream: `http` JSONARRAY and JSONLINES
 * send the batch as one request, JSONOBJECT one per event; `webhook` sends one Standard Webhooks
 * message per event, `{ type, timestamp, data }` (the specification's recommended payload).
 */
export function deliveryRequests(target: DeliveryTarget, events: PendingEvent[]): DeliveryRequest[] {
  if (events.length === 0) return [];
  const last = events[events.length - 1];
  if (target.type === 'webhook') {
    const headers = baseHeaders(target.sink.httpCustomHeaders, 'application/json');
    return events.map((event) => ({
      body: JSON.stringify({ type: event.action, timestamp: event.entry.date, data: event.entry }),
      headers,
      lastSeq: event.seq,
      messageId: event.entry.log_id,
    }));
  }
  const headers = baseHeaders(target.sink.httpCustomHeaders, target.sink.httpContentType ?? 'application/json');
  if (target.httpAuthorization) headers.authorization = target.httpAuthorization;
  switch (target.sink.httpContentFormat ?? 'JSONLINES') {
    case 'JSONOBJECT':
      return events.map((event) => ({ body: wrapped(event), headers, lastSeq: event.seq, messageId: event.entry.log_id }));
    case 'JSONLINES':
      return [{ body: events.map(wrapped).join('\n'), headers, lastSeq: last.seq, messageId: last.entry.log_id }];
    case 'JSONARRAY':
      return [{ body: `[${events.map(wrapped).join(',')}]`, headers, lastSeq: last.seq, messageId: last.entry.log_id }];
  }
}

/** The Standard Webhooks headers for a message sent at `now`, signed by the `standardwebhooks` library. */
export function signatureHeaders(secret: string, request: DeliveryRequest, now: Date): Record<string, string> {
  return {
    'webhook-id': request.messageId,
    'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(request.messageId, now, request.body),
  };
}
