import { Type } from 'typebox';

const MappingItem = Type.Object(
  {
    auth0: Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'The Gatehouse user field (`email`, `given_name`, `app_metadata.<key>`, `blocked`…).',
    }),
    scim: Type.String({ minLength: 1, maxLength: 300, description: 'The SCIM attribute path (`emails[primary eq true].value`).' }),
  },
  { additionalProperties: false },
);

const UserIdAttribute = Type.String({
  minLength: 1,
  maxLength: 300,
  description: "The SCIM attribute whose value is the subject the connection's logins assert (SAML NameID, OIDC sub).",
});

export const ScimConfigurationBody = Type.Union([
  Type.Object(
    { user_id_attribute: Type.Optional(UserIdAttribute), mapping: Type.Optional(Type.Array(MappingItem, { maxItems: 100 })) },
    { additionalProperties: false },
  ),
  Type.Null(),
]);

export const ScimConfigurationPatchBody = Type.Object(
  { user_id_attribute: UserIdAttribute, mapping: Type.Array(MappingItem, { maxItems: 100 }) },
  { additionalProperties: false },
);

export const ScimConfigurationResponse = Type.Object(
  {
    connection_id: Type.String(),
    connection_name: Type.String(),
    strategy: Type.String(),
    tenant_name: Type.String(),
    user_id_attribute: Type.String(),
    mapping: Type.Array(MappingItem),
    created_at: Type.String(),
    updated_on: Type.String(),
  },
  { $id: 'ScimConfiguration' },
);

export const DefaultMappingResponse = Type.Object({ mapping: Type.Array(MappingItem) });

export const ScimTokenBody = Type.Object(
  {
    scopes: Type.Optional(Type.Array(Type.String({ maxLength: 50 }), { maxItems: 20 })),
    token_lifetime: Type.Optional(Type.Union([Type.Integer({ description: 'Seconds; more than 900.' }), Type.Null()])),
  },
  { additionalProperties: false },
);

const TokenFields = {
  token_id: Type.String(),
  scopes: Type.Array(Type.String()),
  created_at: Type.String(),
  valid_until: Type.Optional(Type.String()),
};

export const ScimTokenResponse = Type.Object({ ...TokenFields, last_used_at: Type.Optional(Type.String()) });
export const CreatedScimTokenResponse = Type.Object({ ...TokenFields, token: Type.String() });

export const GroupRoleMappingsBody = Type.Object(
  {
    mappings: Type.Array(
      Type.Object(
        {
          group: Type.String({
            minLength: 1,
            maxLength: 256,
            description: "The group name (SCIM displayName, or a login's `groups` value); case-insensitive.",
          }),
          role_id: Type.String({ maxLength: 50 }),
        },
        { additionalProperties: false },
      ),
      { maxItems: 500 },
    ),
  },
  { additionalProperties: false },
);

export const GroupRoleMappingsResponse = Type.Object({
  mappings: Type.Array(Type.Object({ group: Type.String(), role_id: Type.String() })),
});
