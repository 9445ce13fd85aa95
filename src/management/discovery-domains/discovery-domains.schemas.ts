import { Type } from 'typebox';
import { MAX_PER_PAGE } from '../../domain/shared/pagination.js';
import { OrganizationId } from '../organizations/organizations.schemas.js';

// Auth0's organization discovery domains (`/organizations/{id}/discovery-domains`). The domain's
// syntax, IDNA and the public-provider refusal are the domain layer's (normalizeDomain), so every
// surface refuses the same names with the same rule.
const DomainName = Type.String({
  minLength: 1,
  maxLength: 255,
  description: 'The domain name to associate with the organization e.g. acme.com.',
});
const Status = Type.Union([Type.Literal('pending'), Type.Literal('verified')], {
  description: 'pending, or verified: the tenant administrator vouches for the domain without its DNS record.',
});
const UseForDiscovery = Type.Boolean({ description: 'Indicates whether this domain should be used for organization discovery.' });

export const DiscoveryDomainId = Type.String({ maxLength: 64, pattern: '^ord_[A-Za-z0-9]+$', description: 'ID of the discovery domain.' });
export const OrganizationParams = Type.Object({ id: OrganizationId });
export const DiscoveryDomainParams = Type.Object({ id: OrganizationId, discovery_domain_id: DiscoveryDomainId });
export const DiscoveryDomainNameParams = Type.Object({ id: OrganizationId, discovery_domain: DomainName });

export const DiscoveryDomainBody = Type.Object(
  { domain: DomainName, status: Type.Optional(Status), use_for_organization_discovery: Type.Optional(UseForDiscovery) },
  { additionalProperties: false },
);

export const DiscoveryDomainPatchBody = Type.Object(
  { status: Type.Optional(Status), use_for_organization_discovery: Type.Optional(UseForDiscovery) },
  { additionalProperties: false },
);

export const DiscoveryDomainsQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ maxLength: 512, description: 'Optional Id from which to start selection.' })),
    take: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PER_PAGE, description: 'Number of results per page. Defaults to 50.' })),
  },
  { additionalProperties: false },
);

export const DiscoveryDomainResponse = Type.Object(
  {
    id: Type.String(),
    domain: Type.String(),
    // `failed` (the last verification found no matching record) is Gatehouse's, as in Auth0's My Organization API.
    status: Type.Union([Type.Literal('pending'), Type.Literal('verified'), Type.Literal('failed')]),
    use_for_organization_discovery: Type.Boolean(),
    verification_txt: Type.String({ description: 'The value of the DNS TXT record that proves ownership.' }),
    verification_host: Type.String({ description: 'The full domain where the TXT record should be added.' }),
    // Gatehouse's: the last verification's time and what it found wrong.
    last_checked_at: Type.Optional(Type.String()),
    last_error: Type.Optional(Type.String()),
    verified_at: Type.Optional(Type.String()),
  },
  { $id: 'OrganizationDiscoveryDomain' },
);
