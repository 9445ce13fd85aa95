import { Type, type TSchema } from 'typebox';
import { ACCESS_LEVELS } from '../../domain/organization-connections/organization-connections.types.js';
import { ConnectionId } from '../connections/connections.schemas.js';
import { OrganizationId } from '../organizations/organizations.schemas.js';
import { PagingQuery } from '../schemas.js';

// Auth0's organization connection shape, shared by /enabled_connections and the newer /connections.
const AccessLevel = Type.Enum([...ACCESS_LEVELS], {
  description: 'What organization admins may do with this connection (My Organization API).',
});
const ConnectionName = Type.String({
  minLength: 1,
  maxLength: 128,
  description: 'Name of the connection in the scope of this organization.',
});

export const OrganizationParams = Type.Object({ id: OrganizationId });
export const OrganizationConnectionParams = Type.Object({ id: OrganizationId, connectionId: ConnectionId });

export const OrganizationConnectionBody = Type.Object(
  {
    connection_id: Type.String({ maxLength: 50, pattern: '^con_[A-Za-z0-9]+$', description: 'ID of the connection.' }),
    assign_membership_on_login: Type.Optional(Type.Boolean({ description: 'Users who log in with this connection become members.' })),
    is_signup_enabled: Type.Optional(Type.Boolean({ description: 'Database connections only; requires assign_membership_on_login.' })),
    show_as_button: Type.Optional(Type.Boolean({ description: 'Enterprise connections only. Default true.' })),
    is_enabled: Type.Optional(Type.Boolean({ description: 'Whether the connection is enabled for the organization. Default true.' })),
    organization_access_level: Type.Optional(AccessLevel),
    organization_connection_name: Type.Optional(ConnectionName),
  },
  { additionalProperties: false },
);

export const OrganizationConnectionPatchBody = Type.Object(
  {
    assign_membership_on_login: Type.Optional(Type.Boolean()),
    is_signup_enabled: Type.Optional(Type.Boolean()),
    show_as_button: Type.Optional(Type.Boolean()),
    is_enabled: Type.Optional(Type.Boolean()),
    organization_access_level: Type.Optional(Type.Union([AccessLevel, Type.Null()], { description: 'null resets to none.' })),
    organization_connection_name: Type.Optional(Type.Union([ConnectionName, Type.Null()], { description: 'null clears the name.' })),
  },
  { additionalProperties: false },
);

export const OrganizationConnectionListQuery = Type.Object(
  {
    page: PagingQuery.page,
    per_page: PagingQuery.per_page,
    include_totals: PagingQuery.include_totals,
    is_enabled: Type.Optional(Type.Boolean({ description: 'Only connections with this enabled status.' })),
  },
  { additionalProperties: false },
);

export const OrganizationConnectionResponse = Type.Object(
  {
    connection_id: Type.String(),
    assign_membership_on_login: Type.Boolean(),
    is_signup_enabled: Type.Boolean(),
    show_as_button: Type.Optional(Type.Boolean()),
    is_enabled: Type.Boolean(),
    organization_access_level: Type.String(),
    organization_connection_name: Type.Optional(Type.String()),
    connection: Type.Object({ name: Type.String(), strategy: Type.String() }),
  },
  { $id: 'OrganizationConnectionsItem' },
);

/** The offset-paged list: a bare array, or `{<key>, start, limit, total}` with include_totals. */
export function listResponse(key: string): TSchema {
  const item = Type.Ref('OrganizationConnectionsItem');
  return Type.Union([
    Type.Array(item),
    Type.Object({ [key]: Type.Array(item), start: Type.Integer(), limit: Type.Integer(), total: Type.Integer() }),
  ]);
}
