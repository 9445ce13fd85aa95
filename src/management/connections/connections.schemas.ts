import { Type } from 'typebox';
import { STRATEGIES } from '../../domain/connections/connections.types.js';

// Auth0's connection shape. Options are checked per strategy in the domain (connections.options.ts),
// because PATCH does not carry the strategy.
export const ConnectionId = Type.String({ maxLength: 50, pattern: '^con_[A-Za-z0-9]+$', description: 'The id of the connection.' });
export const ConnectionName = Type.String({
  minLength: 1,
  maxLength: 128,
  pattern: '^[a-zA-Z0-9](-?[a-zA-Z0-9])*$',
  description: 'Letters, digits and single hyphens; starts and ends with a letter or digit.',
});
export const Strategy = Type.Enum([...STRATEGIES], { description: 'The identity provider of the connection.' });

const DisplayName = Type.String({ minLength: 1, maxLength: 128, description: 'Connection name used in the login screen.' });
const Options = Type.Record(Type.String(), Type.Unknown(), {
  description: "domain_aliases, is_create_missing_user, is_trusted and the strategy's IdP settings. Secrets are write-only.",
});
const Metadata = Type.Record(Type.String(), Type.String({ maxLength: 255 }), {
  maxProperties: 10,
  propertyNames: { minLength: 1, maxLength: 255 },
  description: 'Up to 10 string values of at most 255 characters.',
});

const ClientId = Type.String({ minLength: 1, maxLength: 64, description: 'The client_id of an application.' });
const EnabledClients = Type.Array(ClientId, {
  maxItems: 1000,
  uniqueItems: true,
  description: 'The applications this connection is enabled for. Omitted on creation: every existing application.',
});

export const ConnectionBody = Type.Object(
  {
    name: ConnectionName,
    display_name: Type.Optional(DisplayName),
    strategy: Strategy,
    options: Type.Optional(Options),
    metadata: Type.Optional(Metadata),
    is_domain_connection: Type.Optional(Type.Boolean()),
    organization_id: Type.Optional(
      Type.String({ maxLength: 50, pattern: '^org_[A-Za-z0-9]+$', description: 'The organization that owns this connection.' }),
    ),
    enabled_clients: Type.Optional(EnabledClients),
  },
  { additionalProperties: false },
);

// name, strategy and organization_id are fixed at creation.
export const ConnectionPatchBody = Type.Object(
  {
    display_name: Type.Optional(Type.Union([DisplayName, Type.Null()])),
    options: Type.Optional(Options),
    metadata: Type.Optional(Metadata),
    is_domain_connection: Type.Optional(Type.Boolean()),
    enabled_clients: Type.Optional(EnabledClients),
  },
  { additionalProperties: false },
);

// Auth0's `/connections/{id}/clients`: checkpoint paging only, and at most 50 changes per PATCH.
export const EnabledClientsQuery = Type.Object(
  {
    take: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'Number of results per page. Defaults to 50.' })),
    from: Type.Optional(Type.String({ maxLength: 512, description: 'The `next` of the previous page.' })),
  },
  { additionalProperties: false },
);

export const EnabledClientsResponse = Type.Object({
  clients: Type.Array(Type.Object({ client_id: Type.String() })),
  next: Type.Optional(Type.String()),
});

export const EnabledClientsPatchBody = Type.Array(
  Type.Object(
    {
      client_id: ClientId,
      status: Type.Boolean({ description: 'true enables the connection for the client, false disables it.' }),
    },
    { additionalProperties: false },
  ),
  { minItems: 1, maxItems: 50 },
);

export const ConnectionListQuery = Type.Object({
  strategy: Type.Optional(Type.Array(Strategy, { description: 'Only connections with these strategies (may repeat).' })),
  name: Type.Optional(Type.String({ maxLength: 128 })),
  domain: Type.Optional(Type.String({ maxLength: 253, description: 'Only connections whose domain_aliases contain this email domain.' })),
});

export const ConnectionResponse = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    display_name: Type.Optional(Type.String()),
    strategy: Type.String(),
    options: Type.Record(Type.String(), Type.Unknown()),
    enabled_clients: Type.Array(Type.String()),
    realms: Type.Array(Type.String()),
    is_domain_connection: Type.Boolean(),
    metadata: Type.Record(Type.String(), Type.String()),
    organization_id: Type.Optional(Type.String()),
  },
  { $id: 'ConnectionsConnection' },
);
