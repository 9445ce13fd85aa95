import { createHmac } from 'node:crypto';
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

/** Signs one message: its headers with the Standard Webhooks ones added, for a message sent at `now`. */
export type WebhookSigner = (request: DeliveryRequest, now: Date) => Record<string, string>;

/**
 * The Standard Webhooks signer of a stream's secret (`whsec_` and the key in base64, as Gatehouse
 * generates it): `v1,` and the base64 HMAC-SHA256 of `id.timestamp.body`, as the specification
 * (and the `standardwebhooks` library, which the tests verify deliveries with) computes it. The key
 * is decoded once per stream, not per message, and node:crypto's HMAC replaces the library's
 * JavaScript SHA-256: one message per event makes signing a cost per event.
 */
export function webhookSigner(secret: string): WebhookSigner {
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
  return (request, now) => {
    const timestamp = String(Math.floor(now.getTime() / 1000));
    const signature = createHmac('sha256', key).update(`${request.messageId}.${timestamp}.${request.body}`).digest('base64');
    return {
      ...request.headers,
      'webhook-id': request.messageId,
      'webhook-timestamp': timestamp,
      'webhook-signature': `v1,${signature}`,
    };
  };
}
