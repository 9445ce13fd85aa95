import { Type } from 'typebox';

// Auth0's resource server (API) shape, limited to the fields Gatehouse implements.
const Name = Type.String({
  minLength: 1,
  maxLength: 200,
  pattern: '^[^<>]+$',
  description: 'Friendly name for this resource server. Can not contain `<` or `>` characters.',
});
const Scope = Type.Object(
  {
    value: Type.String({ minLength: 1, maxLength: 280, pattern: '^\\S+$', description: 'Value of this scope (no spaces).' }),
    description: Type.Optional(Type.String({ maxLength: 500, description: 'User-friendly description of this scope.' })),
  },
  { additionalProperties: false },
);
const Scopes = Type.Array(Scope, { maxItems: 1000, description: 'List of permissions (scopes) that this API uses; values are unique.' });
const SigningAlg = Type.Unsafe<'RS256'>({ type: 'string', enum: ['RS256'], description: 'Algorithm used to sign JWTs. Only RS256.' });
const TokenLifetime = Type.Integer({
  minimum: 60,
  maximum: 2592000,
  description: 'Expiration value (in seconds) for access tokens issued for this API.',
});

export const ResourceServerKey = Type.String({
  minLength: 1,
  maxLength: 600,
  description: 'ID or identifier (audience) of the resource server.',
});

export const ResourceServerBody = Type.Object(
  {
    name: Name,
    identifier: Type.String({
      minLength: 1,
      maxLength: 600,
      description: 'Unique identifier for the API used as the audience parameter. Can not be changed once set.',
    }),
    scopes: Type.Optional(Scopes),
    signing_alg: Type.Optional(SigningAlg),
    token_lifetime: Type.Optional(TokenLifetime),
  },
  { additionalProperties: false },
);

export const ResourceServerPatchBody = Type.Object(
  {
    name: Type.Optional(Name),
    scopes: Type.Optional(Scopes),
    signing_alg: Type.Optional(SigningAlg),
    token_lifetime: Type.Optional(TokenLifetime),
  },
  { additionalProperties: false },
);

export const ResourceServerResponse = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    is_system: Type.Boolean(),
    identifier: Type.String(),
    scopes: Type.Array(Type.Object({ value: Type.String(), description: Type.Optional(Type.String()) })),
    signing_alg: Type.String(),
    token_lifetime: Type.Integer(),
  },
  { $id: 'ResourceServersResourceServer' },
);
