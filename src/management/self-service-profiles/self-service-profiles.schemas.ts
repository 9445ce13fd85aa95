import { Type } from 'typebox';
import { DOMAIN_VERIFICATION, SELF_SERVICE_STRATEGIES } from '../../domain/self-service/self-service.types.js';
import { MAX_PAGE, MAX_PER_PAGE } from '../../domain/shared/pagination.js';

// Auth0's self-service profile and SSO ticket shapes (Management API v2).

export const ProfileId = Type.String({
  minLength: 1,
  maxLength: 50,
  pattern: '^ssp_[A-Za-z0-9]+$',
  description: 'The id of the self-service profile.',
});

const UserAttribute = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 255, description: 'Identifier of this attribute.' }),
    description: Type.String({ minLength: 1, maxLength: 255, description: 'Description of this attribute.' }),
    is_optional: Type.Boolean({ description: 'Determines if this attribute is required.' }),
  },
  { additionalProperties: false },
);

const UserAttributes = Type.Array(UserAttribute, {
  maxItems: 20,
  description: 'Attributes the wizard asks the IT admin to map.',
});

const Branding = Type.Object(
  {
    logo_url: Type.Optional(Type.String({ format: 'uri', pattern: '^https://', maxLength: 2048, description: 'An https URL of a logo.' })),
    colors: Type.Optional(
      Type.Object(
        { primary: Type.String({ pattern: '^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$', description: 'Primary color, as #rgb or #rrggbb.' }) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

const Strategies = Type.Array(Type.Enum([...SELF_SERVICE_STRATEGIES]), {
  minItems: 1,
  uniqueItems: true,
  description: 'The IdP kinds the wizard offers.',
});

const Name = Type.String({ minLength: 1, maxLength: 100, description: 'The name of the self-service profile.' });
const Description = Type.String({ maxLength: 140, description: 'The description of the self-service profile.' });

export const ProfileBody = Type.Object(
  {
    name: Name,
    description: Type.Optional(Description),
    branding: Type.Optional(Branding),
    allowed_strategies: Type.Optional(Strategies),
    user_attributes: Type.Optional(UserAttributes),
  },
  { additionalProperties: false },
);

export const ProfilePatchBody = Type.Object(
  {
    name: Type.Optional(Name),
    description: Type.Optional(Type.Union([Description, Type.Null()])),
    branding: Type.Optional(Type.Union([Branding, Type.Null()])),
    allowed_strategies: Type.Optional(Strategies),
    user_attributes: Type.Optional(Type.Union([UserAttributes, Type.Null()])),
  },
  { additionalProperties: false },
);

export const ProfileResponse = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    description: Type.Optional(Type.String()),
    user_attributes: Type.Array(UserAttribute),
    branding: Type.Optional(Branding),
    allowed_strategies: Type.Array(Type.String()),
    created_at: Type.String(),
    updated_at: Type.String(),
  },
  { $id: 'SelfServiceProfile' },
);

export const ProfilesQuery = Type.Object(
  {
    page: Type.Optional(
      Type.Integer({ minimum: 0, maximum: MAX_PAGE, description: 'Page index of the results to return. First page is 0.' }),
    ),
    per_page: Type.Optional(
      Type.Integer({ minimum: 1, maximum: MAX_PER_PAGE, description: 'Number of results per page. Defaults to 50.' }),
    ),
    include_totals: Type.Optional(Type.Boolean({ description: 'Return results inside an object that contains the total result count.' })),
  },
  { additionalProperties: false },
);

const ConnectionName = Type.String({
  minLength: 1,
  maxLength: 128,
  pattern: '^[a-zA-Z0-9](-?[a-zA-Z0-9])*$',
  description: 'The name of the connection the wizard creates: letters, digits and single hyphens.',
});

const ConnectionConfig = Type.Object(
  {
    name: ConnectionName,
    display_name: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    is_domain_connection: Type.Optional(Type.Boolean()),
    show_as_button: Type.Optional(Type.Boolean()),
    metadata: Type.Optional(
      Type.Record(Type.String({ maxLength: 255 }), Type.String({ maxLength: 255 }), {
        maxProperties: 10,
        description: 'Connection metadata.',
      }),
    ),
    options: Type.Optional(
      Type.Union([
        Type.Object(
          {
            icon_url: Type.Optional(Type.Union([Type.String({ format: 'uri', maxLength: 2048 }), Type.Null()])),
            domain_aliases: Type.Optional(
              Type.Union([Type.Array(Type.String({ minLength: 1, maxLength: 253 }), { maxItems: 100 }), Type.Null()]),
            ),
            // Accepted so Auth0 payloads load; IdP-initiated SAML is always refused (DESIGN.md).
            idpinitiated: Type.Optional(Type.Unknown()),
          },
          { additionalProperties: false },
        ),
        Type.Null(),
      ]),
    ),
  },
  { additionalProperties: false },
);

const EnabledOrganization = Type.Object(
  {
    organization_id: Type.String({ minLength: 1, maxLength: 50, description: 'Organization identifier.' }),
    assign_membership_on_login: Type.Optional(Type.Boolean()),
    show_as_button: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const TicketBody = Type.Object(
  {
    connection_id: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'An existing connection the wizard edits.' })),
    connection_config: Type.Optional(ConnectionConfig),
    enabled_clients: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 50, uniqueItems: true })),
    enabled_organizations: Type.Optional(Type.Array(EnabledOrganization, { maxItems: 50 })),
    ttl_sec: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 432000, description: 'Seconds the ticket is valid; 0 or absent: 432000 (5 days).' }),
    ),
    domain_aliases_config: Type.Optional(
      Type.Object(
        {
          domain_verification: Type.Enum([...DOMAIN_VERIFICATION]),
          pending_domains: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 253 }), { maxItems: 20 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
