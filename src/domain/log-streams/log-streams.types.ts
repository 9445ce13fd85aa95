/** Stream types: Auth0's custom webhook (`http`), and Standard Webhooks with signed deliveries (`webhook`). */
export const LOG_STREAM_TYPES = ['http', 'webhook'] as const;
export type LogStreamType = (typeof LOG_STREAM_TYPES)[number];

/** `suspended` is set by the dispatcher only, after repeated delivery failures. */
export const LOG_STREAM_STATUSES = ['active', 'paused', 'suspended'] as const;
export type LogStreamStatus = (typeof LOG_STREAM_STATUSES)[number];

/** How an `http` stream shapes its requests: one array, newline-delimited lines, or one request per event. */
export const CONTENT_FORMATS = ['JSONARRAY', 'JSONLINES', 'JSONOBJECT'] as const;
export type ContentFormat = (typeof CONTENT_FORMATS)[number];

/** Auth0's log stream filter categories (the `category` of each event type, event-types.ts). */
export const LOG_STREAM_CATEGORIES = [
  'auth.login.fail',
  'auth.login.notification',
  'auth.login.success',
  'auth.logout.fail',
  'auth.logout.success',
  'auth.signup.fail',
  'auth.signup.success',
  'auth.silent_auth.fail',
  'auth.silent_auth.success',
  'auth.token_exchange.fail',
  'auth.token_exchange.success',
  'management.fail',
  'management.success',
  'scim.event',
  'system.notification',
  'user.fail',
  'user.notification',
  'user.success',
  'actions',
  'other',
] as const;
export type LogStreamCategory = (typeof LOG_STREAM_CATEGORIES)[number];

export interface LogStreamFilter {
  type: 'category';
  name: LogStreamCategory;
}

export interface CustomHeader {
  header: string;
  value: string;
}

/** Where and how events are sent, without its secrets (they are never read back). */
export interface LogStreamSink {
  httpEndpoint: string;
  /** `http` streams; webhook deliveries are always `application/json`. */
  httpContentType?: string;
  httpContentFormat?: ContentFormat;
  httpCustomHeaders?: CustomHeader[];
}

/** The sink as written: the sink plus the `http` stream's Authorization header value. */
export interface LogStreamSinkInput extends LogStreamSink {
  /** Sent as the Authorization header (`http` streams). In an update, "" removes it. */
  httpAuthorization?: string;
}

/** How far delivery got and how it is going (Gatehouse's; Auth0 shows the status only). */
export interface LogStreamDelivery {
  /** log_id of the last event delivered (or passed over by the filters); "0…0" before the first. */
  cursor: string;
  /** Consecutive failed attempts since the last success. */
  failures: number;
  last_error: string | null;
  last_attempt_at: string | null;
  last_success_at: string | null;
  /** When the next attempt is due after a failure; null when none is waiting. */
  next_attempt_at: string | null;
  /** Events recorded after the cursor that this stream has not yet looked at. */
  lag: number;
}

export interface LogStream {
  id: string;
  name: string;
  type: LogStreamType;
  status: LogStreamStatus;
  isPriority: boolean;
  filters: LogStreamFilter[];
  sink: LogStreamSink;
  delivery: LogStreamDelivery;
}

/** A stream just created (or its secret rotated): the one time the webhook secret is shown. */
export interface LogStreamWithSecret extends Omit<LogStream, 'sink'> {
  sink: LogStreamSink & { webhookSecret?: string };
}

export interface LogStreamInput {
  name?: string;
  type: LogStreamType;
  isPriority?: boolean;
  filters?: LogStreamFilter[];
  sink: LogStreamSinkInput;
}

export interface LogStreamPatch {
  name?: string;
  /** `active` resumes a paused or suspended stream from its cursor; `paused` stops delivery. */
  status?: 'active' | 'paused';
  isPriority?: boolean;
  filters?: LogStreamFilter[];
  /** Merged into the stored sink: fields left out keep their value. */
  sink?: Partial<LogStreamSinkInput>;
}
