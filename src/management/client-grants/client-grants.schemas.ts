import { Type } from 'typebox';
import { ORGANIZATION_USAGES } from '../../domain/clients/clients.types.js';
import { SUBJECT_TYPES } from '../../domain/client-grants/client-grants.types.js';

// Auth0's client grant shape, limited to the fields Gatehouse implements.
const Scope = Type.Array(Type.String({ minLength: 1, maxLength: 280, pattern: '^\\S+$' }), {
  maxItems: 1000,
  description: 'Scopes allowed for this client grant; each must be defined on the API.',
});
const OrganizationUsage = Type.Unsafe<(typeof ORGANIZATION_USAGES)[number]>({
  type: 'string',
  enum: [...ORGANIZATION_USAGES],
  description: 'Defines whether organizations can be used with client credentials exchanges for this grant.',
});
const SubjectType = Type.Unsafe<(typeof SUBJECT_TYPES)[number]>({
  type: 'string',
  enum: [...SUBJECT_TYPES],
  description: 'The type of application access the client grant allows: client (client credentials) or user.',
});
const ClientId = Type.String({ minLength: 1, maxLength: 128, description: 'ID of the client.' });
const Audience = Type.String({ minLength: 1, maxLength: 600, description: 'The audience (API identifier) of this client grant.' });

export const ClientGrantId = Type.String({ maxLength: 50, pattern: '^cgr_[A-Za-z0-9]+$', description: 'ID of the client grant.' });

export const ClientGrantBody = Type.Object(
  {
    client_id: ClientId,
    audience: Audience,
    scope: Type.Optional(Scope),
    organization_usage: Type.Optional(OrganizationUsage),
    allow_any_organization: Type.Optional(Type.Boolean({ description: 'If enabled, any organization can be used with this grant.' })),
    subject_type: Type.Optional(SubjectType),
  },
  { additionalProperties: false },
);

export const ClientGrantPatchBody = Type.Object(
  {
    scope: Type.Optional(Type.Union([Scope, Type.Null()])),
    organization_usage: Type.Optional(Type.Union([OrganizationUsage, Type.Null()])),
    allow_any_organization: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
  },
  { additionalProperties: false },
);

export const ClientGrantListQuery = {
  audience: Type.Optional(Audience),
  client_id: Type.Optional(ClientId),
  allow_any_organization: Type.Optional(Type.Boolean({ description: 'Optional filter on allow_any_organization.' })),
  subject_type: Type.Optional(SubjectType),
};

export const ClientGrantResponse = Type.Object(
  {
    id: Type.String(),
    client_id: Type.String(),
    audience: Type.String(),
    scope: Type.Array(Type.String()),
    organization_usage: Type.Optional(Type.String()),
    allow_any_organization: Type.Boolean(),
    subject_type: Type.String(),
  },
  { $id: 'ClientGrantsClientGrant' },
);
