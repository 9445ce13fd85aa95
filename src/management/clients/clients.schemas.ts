import { Type } from 'typebox';
import {
  APP_TYPES,
  AUTH_METHODS,
  GRANT_TYPES,
  ORGANIZATION_REQUIRE_BEHAVIORS,
  ORGANIZATION_USAGES,
} from '../../domain/clients/clients.types.js';

// Auth0's application (client) shape, limited to the fields Gatehouse implements.
const Url = Type.String({ format: 'uri', maxLength: 2048 });
const UrlList = (description: string) => Type.Array(Url, { maxItems: 100, description });
// Callback and logout URLs may hold Auth0's {organization_name} placeholder as the first host label.
const CallbackUrl = Type.String({ format: 'callback-url', maxLength: 2048 });
const CallbackUrlList = (description: string) => Type.Array(CallbackUrl, { maxItems: 100, description });
const Enum = <T extends readonly string[]>(values: T, description: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], description });

export const ClientId = Type.String({ minLength: 1, maxLength: 128, description: 'ID of the client.' });
const Name = Type.String({
  minLength: 1,
  maxLength: 100,
  pattern: '^[^<>]+$',
  description: 'Name of this client (does not allow `<` or `>`).',
});
const Description = Type.String({ maxLength: 140, description: 'Free text description of this client (max length: 140 characters).' });
const AppType = Enum(APP_TYPES, 'The type of application this client represents.');
const GrantTypes = Type.Array(Enum(GRANT_TYPES, 'A grant type.'), {
  uniqueItems: true,
  maxItems: GRANT_TYPES.length,
  description: 'Grant types this application may use.',
});
const AuthMethod = Enum(AUTH_METHODS, 'How the application authenticates at the token endpoint.');
const InitiateLoginUri = Type.String({
  format: 'uri',
  pattern: '^https://',
  maxLength: 2048,
  description: 'Initiate login uri, must be https.',
});
const OrganizationUsage = Enum(ORGANIZATION_USAGES, 'Whether users log in with an organization: deny, allow or require.');
const RequireBehavior = Enum(ORGANIZATION_REQUIRE_BEHAVIORS, 'What the login page does when organization_usage is require.');
const metadataOptions = { propertyNames: { minLength: 1, maxLength: 255 } };
const MetadataValue = Type.String({ maxLength: 255 });

export const ClientBody = Type.Object(
  {
    name: Name,
    description: Type.Optional(Description),
    app_type: Type.Optional(AppType),
    is_first_party: Type.Optional(Type.Boolean({ description: 'Whether this client a first party client or not.' })),
    callbacks: Type.Optional(CallbackUrlList('Redirect URIs, matched exactly; `{organization_name}` may stand for the first host label.')),
    allowed_logout_urls: Type.Optional(
      CallbackUrlList('URLs valid to redirect to after logout, matched exactly; `{organization_name}` may stand for the first host label.'),
    ),
    web_origins: Type.Optional(UrlList('Allowed origins for browser requests.')),
    grant_types: Type.Optional(GrantTypes),
    token_endpoint_auth_method: Type.Optional(AuthMethod),
    initiate_login_uri: Type.Optional(InitiateLoginUri),
    organization_usage: Type.Optional(OrganizationUsage),
    organization_require_behavior: Type.Optional(RequireBehavior),
    client_metadata: Type.Optional(
      Type.Record(Type.String(), MetadataValue, {
        ...metadataOptions,
        maxProperties: 10,
        description: 'String values of at most 255 characters; at most 10 keys.',
      }),
    ),
  },
  { additionalProperties: false },
);

export const ClientPatchBody = Type.Object(
  {
    name: Type.Optional(Name),
    description: Type.Optional(Type.Union([Description, Type.Null()])),
    app_type: Type.Optional(AppType),
    is_first_party: Type.Optional(Type.Boolean()),
    callbacks: Type.Optional(CallbackUrlList('Redirect URIs, matched exactly; `{organization_name}` may stand for the first host label.')),
    allowed_logout_urls: Type.Optional(
      CallbackUrlList('URLs valid to redirect to after logout; `{organization_name}` may stand for the first host label.'),
    ),
    web_origins: Type.Optional(UrlList('Allowed origins for browser requests.')),
    grant_types: Type.Optional(GrantTypes),
    token_endpoint_auth_method: Type.Optional(AuthMethod),
    initiate_login_uri: Type.Optional(Type.Union([InitiateLoginUri, Type.Null()])),
    organization_usage: Type.Optional(OrganizationUsage),
    organization_require_behavior: Type.Optional(RequireBehavior),
    client_metadata: Type.Optional(
      Type.Record(Type.String(), Type.Union([MetadataValue, Type.Null()]), {
        ...metadataOptions,
        description: 'Keys set to null are removed.',
      }),
    ),
  },
  { additionalProperties: false },
);

export const ClientListQuery = Type.Object({
  app_type: Type.Optional(
    Type.String({
      maxLength: 200,
      pattern: `^(${APP_TYPES.join('|')})(,(${APP_TYPES.join('|')}))*$`,
      description: 'Comma-separated list of application types.',
    }),
  ),
  is_first_party: Type.Optional(Type.Boolean({ description: 'Filter on whether the client is first party.' })),
});

export const ClientResponse = Type.Object(
  {
    client_id: Type.String(),
    client_secret: Type.Optional(Type.String()),
    name: Type.String(),
    description: Type.Optional(Type.String()),
    app_type: Type.Optional(Type.String()),
    is_first_party: Type.Boolean(),
    callbacks: Type.Array(Type.String()),
    allowed_logout_urls: Type.Array(Type.String()),
    web_origins: Type.Array(Type.String()),
    grant_types: Type.Array(Type.String()),
    token_endpoint_auth_method: Type.String(),
    initiate_login_uri: Type.Optional(Type.String()),
    organization_usage: Type.String(),
    organization_require_behavior: Type.String(),
    client_metadata: Type.Record(Type.String(), Type.String()),
  },
  { $id: 'ClientsClient' },
);
