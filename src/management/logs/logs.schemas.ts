import { Type } from 'typebox';
import { PagingQuery } from '../schemas.js';

// Auth0's log entry. Every field is optional on the wire: absent when it has no value, and
// `fields`/`include_fields` may leave out any of them.
const text = (description: string) => Type.Optional(Type.String({ description }));

export const LogResponse = Type.Object(
  {
    log_id: text('Unique ID of the entry: its sequence number, 20 digits; the checkpoint for `from`.'),
    date: text('When the event occurred (ISO 8601).'),
    type: text("Event type code: Auth0's where one exists (docs/logs.md)."),
    description: text('Description of this event.'),
    client_id: text('ID of the client (application).'),
    client_name: text('Name of the client (application).'),
    ip: text('IP address of the log event source.'),
    user_agent: text('User agent string from the client device that caused the event.'),
    isMobile: Type.Optional(Type.Boolean({ description: 'Whether the user agent names a mobile device.' })),
    user_id: text('ID of the user involved in the event.'),
    user_name: text('Name of the user involved in the event.'),
    connection: text('Name of the connection the event relates to.'),
    connection_id: text('ID of the connection the event relates to.'),
    strategy: text('Name of the strategy involved in the event.'),
    strategy_type: text('Type of strategy involved in the event.'),
    organization_id: text('ID of the organization the event relates to.'),
    organization_name: text('Name of the organization the event relates to.'),
    details: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), {
        description: 'Details of the event, by type; `action` holds the change of a `sapi` entry, `actor` who acted.',
      }),
    ),
  },
  { $id: 'Log' },
);

const Sort = Type.String({ maxLength: 16, description: '`date:1` (oldest first) or `date:-1` (newest first, the default).' });

const Fields = {
  fields: Type.Optional(
    Type.String({ maxLength: 512, description: 'Comma-separated list of fields to include or exclude (include_fields) in the result.' }),
  ),
  include_fields: Type.Optional(
    Type.Boolean({ description: 'Whether the fields named are included (true, the default) or excluded (false).' }),
  ),
};

export const LogsListQuery = Type.Object(
  {
    ...PagingQuery,
    from: Type.Optional(
      Type.String({
        maxLength: 64,
        description: 'Checkpoint: return the entries after this log_id, in log_id order; every parameter but take is then ignored.',
      }),
    ),
    q: Type.Optional(Type.String({ maxLength: 1024, description: "Search in Lucene query syntax, Auth0's subset (docs/logs.md)." })),
    search: Type.Optional(
      Type.String({ maxLength: 1024, description: 'Same as q (the name the auth0 SDK sends); q wins when both are set.' }),
    ),
    sort: Type.Optional(Sort),
    ...Fields,
  },
  { additionalProperties: false },
);

export const UserLogsQuery = Type.Object(
  {
    page: PagingQuery.page,
    per_page: PagingQuery.per_page,
    include_totals: PagingQuery.include_totals,
    sort: Type.Optional(Sort),
  },
  { additionalProperties: false },
);
