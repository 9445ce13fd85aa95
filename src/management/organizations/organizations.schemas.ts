import { Type } from 'typebox';
import { PagingQuery } from '../schemas.js';

// Auth0's organization shape; allowed_domains and the two policy flags use Kinde's names.
const HexColor = Type.String({ pattern: '^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$', maxLength: 7 });
const Url = Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2048 });
const Domain = Type.String({ pattern: '^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\\.)+[a-zA-Z]{2,63}$', maxLength: 253 });

export const OrganizationName = Type.String({
  minLength: 1,
  maxLength: 50,
  pattern: '^[a-z0-9_-]+$',
  description: 'The name of this organization.',
});
export const OrganizationId = Type.String({ maxLength: 50, pattern: '^org_[A-Za-z0-9]+$', description: 'ID of the organization.' });

export const Branding = Type.Object(
  {
    logo_url: Type.Optional(Url),
    colors: Type.Optional(
      Type.Object(
        {
          primary: Type.Optional(HexColor),
          page_background: Type.Optional(HexColor),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false, description: 'Theme defines how to style the login pages.' },
);

const MetadataValue = Type.String({ maxLength: 255 });
const metadataOptions = { propertyNames: { minLength: 1, maxLength: 255 } };

/** Gatehouse's SSO enforcement (an extension: Auth0 has no such organization property). */
/** Gatehouse's MFA policy of the organization (Kinde's "MFA per organization"); no Auth0 equivalent. */
const MfaPolicy = Type.Object(
  {
    require: Type.Optional(Type.Boolean({ description: 'Members signing in to this organization must use a second factor.' })),
    exempt_roles: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 50, description: 'Role ids whose members are exempt.' }),
    ),
    exempt_connections: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
        maxItems: 50,
        description: 'Enterprise connection ids whose IdP performs MFA itself: logins through them are exempt.',
      }),
    ),
  },
  { additionalProperties: false },
);

const SsoEnforcement = Type.Object(
  {
    enabled: Type.Optional(
      Type.Boolean({ description: "Require the organization's enterprise connections for emails in its verified domains." }),
    ),
    break_glass_accounts: Type.Optional(
      Type.Array(Type.String({ minLength: 3, maxLength: 320 }), {
        maxItems: 20,
        description: 'Emails or user ids that may still sign in with a password (emergency access).',
      }),
    ),
  },
  { additionalProperties: false },
);

export const OrganizationBody = Type.Object(
  {
    name: OrganizationName,
    display_name: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'Friendly name of this organization.' })),
    branding: Type.Optional(Branding),
    metadata: Type.Optional(
      Type.Record(Type.String(), MetadataValue, {
        ...metadataOptions,
        description: 'Metadata associated with the organization: string values of at most 255 characters.',
      }),
    ),
    allowed_domains: Type.Optional(
      Type.Array(Domain, {
        maxItems: 100,
        uniqueItems: true,
        description: 'Email domains whose users the allowed-domain policies apply to.',
      }),
    ),
    is_auto_join_domain_list: Type.Optional(
      Type.Boolean({ description: 'Automatically add users whose verified email domain is in allowed_domains.' }),
    ),
    is_auto_membership_enabled: Type.Optional(
      Type.Boolean({ description: 'Allow users to join this organization when they sign in to it.' }),
    ),
    gatehouse_sso_enforcement: Type.Optional(SsoEnforcement),
    gatehouse_mfa_policy: Type.Optional(MfaPolicy),
  },
  { additionalProperties: false },
);

export const OrganizationPatchBody = Type.Object(
  {
    name: Type.Optional(OrganizationName),
    display_name: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 255 }), Type.Null()])),
    branding: Type.Optional(Type.Union([Branding, Type.Null()])),
    metadata: Type.Optional(
      Type.Record(Type.String(), Type.Union([MetadataValue, Type.Null()]), {
        ...metadataOptions,
        description: 'Keys set to null are removed.',
      }),
    ),
    allowed_domains: Type.Optional(Type.Array(Domain, { maxItems: 100, uniqueItems: true })),
    is_auto_join_domain_list: Type.Optional(Type.Boolean()),
    is_auto_membership_enabled: Type.Optional(Type.Boolean()),
    gatehouse_sso_enforcement: Type.Optional(SsoEnforcement),
    gatehouse_mfa_policy: Type.Optional(MfaPolicy),
  },
  { additionalProperties: false },
);

/** Branding as returned, in every response that carries an organization. */
export const BrandingResponse = Type.Object({
  logo_url: Type.Optional(Type.String()),
  colors: Type.Optional(Type.Object({ primary: Type.Optional(Type.String()), page_background: Type.Optional(Type.String()) })),
});

export const OrganizationResponse = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    display_name: Type.Optional(Type.String()),
    branding: Type.Optional(BrandingResponse),
    metadata: Type.Record(Type.String(), Type.String()),
    allowed_domains: Type.Array(Type.String()),
    is_auto_join_domain_list: Type.Boolean(),
    is_auto_membership_enabled: Type.Boolean(),
    gatehouse_sso_enforcement: Type.Object({ enabled: Type.Boolean(), break_glass_accounts: Type.Array(Type.String()) }),
    gatehouse_mfa_policy: Type.Object({
      require: Type.Boolean(),
      exempt_roles: Type.Array(Type.String()),
      exempt_connections: Type.Array(Type.String()),
    }),
  },
  { $id: 'Organization' },
);

/** Paging, plus `q`: Gatehouse's search (Auth0 has none here), for the console's search box. */
export const OrganizationsListQuery = Type.Object(
  {
    ...PagingQuery,
    q: Type.Optional(
      Type.String({
        maxLength: 100,
        description: 'Only organizations whose name or display_name starts with this text, ignoring case. Works with both paging styles.',
      }),
    ),
  },
  { additionalProperties: false },
);
