import { Type } from 'typebox';
import { CONTENT_FORMATS, LOG_STREAM_CATEGORIES, LOG_STREAM_TYPES } from '../../domain/log-streams/log-streams.types.js';

// Auth0's log stream shapes (`http` custom webhooks), plus Gatehouse's `webhook` type (Standard
// Webhooks signatures) and its `delivery` status object.

export const LogStreamId = Type.String({ maxLength: 50, pattern: '^lst_[A-Za-z0-9]+$', description: 'The id of the log stream.' });

/** Printable ASCII and tab: what an HTTP header value may carry (no CR/LF to split headers with). */
const HEADER_VALUE = '^[\\t\\x20-\\x7e]*$';

const Filter = Type.Object(
  {
    type: Type.Literal('category', { description: 'Filter type. `category` is the only one.' }),
    name: Type.Enum([...LOG_STREAM_CATEGORIES], { description: 'Category group name.' }),
  },
  { additionalProperties: false },
);

const Filters = Type.Array(Filter, {
  maxItems: LOG_STREAM_CATEGORIES.length,
  description: 'Only events of these categories are delivered. Omitted or empty: every event.',
});

const CustomHeader = Type.Object(
  {
    header: Type.String({ minLength: 1, maxLength: 256, pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$", description: 'HTTP header name.' }),
    value: Type.String({ maxLength: 2048, pattern: HEADER_VALUE, description: 'HTTP header value.' }),
  },
  { additionalProperties: false },
);

const sinkFields = {
  httpEndpoint: Type.String({
    format: 'uri',
    maxLength: 2048,
    description: 'The http(s) URL events are POSTed to. Loopback and private addresses are refused unless the server allows them.',
  }),
  httpContentType: Type.String({
    minLength: 1,
    maxLength: 255,
    pattern: '^[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+(\\s*;[\\t\\x20-\\x7e]*)?$',
    description: 'Content-Type of the requests (`http` streams). Default `application/json`.',
  }),
  httpContentFormat: Type.Enum([...CONTENT_FORMATS], {
    description:
      'JSONARRAY: one request per batch, a JSON array; JSONLINES: one per batch, one JSON object per line; JSONOBJECT: one request per event. Default JSONLINES.',
  }),
  httpAuthorization: Type.String({
    maxLength: 4096,
    pattern: HEADER_VALUE,
    description: 'Sent as the Authorization header (`http` streams). Never returned. In an update, "" removes it.',
  }),
  httpCustomHeaders: Type.Array(CustomHeader, { maxItems: 20, description: 'Custom HTTP headers sent with every request.' }),
};

const SinkBody = Type.Object(
  {
    httpEndpoint: sinkFields.httpEndpoint,
    httpContentType: Type.Optional(sinkFields.httpContentType),
    httpContentFormat: Type.Optional(sinkFields.httpContentFormat),
    httpAuthorization: Type.Optional(Type.String({ ...sinkFields.httpAuthorization, minLength: 1 })),
    httpCustomHeaders: Type.Optional(sinkFields.httpCustomHeaders),
  },
  { additionalProperties: false },
);

const Name = Type.String({ minLength: 1, maxLength: 128, description: 'log stream name' });

export const LogStreamBody = Type.Object(
  {
    name: Type.Optional(Name),
    type: Type.Enum([...LOG_STREAM_TYPES], {
      description:
        '`http`: Auth0 custom webhook. `webhook`: one signed POST per event (Standard Webhooks); its secret is in the creation response only.',
    }),
    isPriority: Type.Optional(Type.Boolean({ description: 'Accepted and returned; every stream is delivered alike.' })),
    filters: Type.Optional(Filters),
    sink: SinkBody,
  },
  { additionalProperties: false },
);

export const LogStreamPatchBody = Type.Object(
  {
    name: Type.Optional(Name),
    status: Type.Optional(
      Type.Enum(['active', 'paused'], {
        description: '`paused` stops delivery; `active` resumes a paused or suspended stream from its cursor, its failures forgotten.',
      }),
    ),
    isPriority: Type.Optional(Type.Boolean()),
    filters: Type.Optional(Filters),
    sink: Type.Optional(
      Type.Object(
        {
          httpEndpoint: Type.Optional(sinkFields.httpEndpoint),
          httpContentType: Type.Optional(sinkFields.httpContentType),
          httpContentFormat: Type.Optional(sinkFields.httpContentFormat),
          httpAuthorization: Type.Optional(sinkFields.httpAuthorization),
          httpCustomHeaders: Type.Optional(sinkFields.httpCustomHeaders),
        },
        { additionalProperties: false, description: 'Merged into the stored sink: fields left out keep their value.' },
      ),
    ),
  },
  { additionalProperties: false },
);

const NullableText = Type.Union([Type.String(), Type.Null()]);

const sinkResponse = {
  httpEndpoint: Type.String(),
  httpContentType: Type.Optional(Type.String()),
  httpContentFormat: Type.Optional(Type.String()),
  httpCustomHeaders: Type.Optional(Type.Array(Type.Object({ header: Type.String(), value: Type.String() }))),
};

const streamResponse = {
  id: Type.String(),
  name: Type.String(),
  type: Type.String(),
  status: Type.String({ description: 'active, paused, or suspended (by Gatehouse, after repeated delivery failures).' }),
  isPriority: Type.Boolean(),
  filters: Type.Array(Type.Object({ type: Type.String(), name: Type.String() })),
  delivery: Type.Object(
    {
      cursor: Type.String({ description: 'log_id of the last event delivered or passed over by the filters.' }),
      failures: Type.Integer({ description: 'Consecutive failed attempts since the last success.' }),
      last_error: NullableText,
      last_attempt_at: NullableText,
      last_success_at: NullableText,
      next_attempt_at: Type.Union([Type.String(), Type.Null()], { description: 'When the next attempt is due after a failure.' }),
      lag: Type.Integer({ description: 'Events recorded after the cursor that the stream has not looked at yet.' }),
    },
    { description: "Gatehouse's delivery status (Auth0 shows the status only)." },
  ),
};

/** A stream as read: its secrets (Authorization value, signing secret) never appear. */
export const LogStreamResponse = Type.Object({ ...streamResponse, sink: Type.Object(sinkResponse) }, { $id: 'LogStream' });

/** A stream just created, or its secret just rotated: a webhook stream's signing secret, this once. */
export const LogStreamWithSecretResponse = Type.Object(
  {
    ...streamResponse,
    sink: Type.Object({
      ...sinkResponse,
      webhookSecret: Type.Optional(Type.String({ description: 'Standard Webhooks signing secret (whsec_…). Shown once.' })),
    }),
  },
  { $id: 'LogStreamWithSecret' },
);
