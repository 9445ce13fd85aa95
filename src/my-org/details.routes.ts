import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ENTERPRISE_STRATEGIES } from '../domain/connections/connections.types.js';
import type { Organization, OrganizationPatch } from '../domain/organizations/organizations.types.js';
import type { MyOrgRouteOptions } from './plugin.js';
import { actorOf, organizationOf } from './actor.js';
import { problems } from './schemas.js';

// Auth0's OrgDetails: the name, the friendly name and the login pages' branding.
const HexColor = Type.String({ pattern: '^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$', maxLength: 7 });
const Branding = Type.Object(
  {
    logo_url: Type.Optional(Type.Union([Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2048 }), Type.Null()])),
    colors: Type.Optional(
      Type.Object(
        { primary: HexColor, page_background: HexColor },
        { additionalProperties: false, description: 'Color scheme used to customize the login pages.' },
      ),
    ),
  },
  { additionalProperties: false },
);

const DetailsPatch = Type.Object(
  {
    name: Type.Optional(
      Type.String({ minLength: 1, maxLength: 50, pattern: '^[a-z0-9_-]+$', description: 'The name of this organization.' }),
    ),
    display_name: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'Friendly name of this organization.' })),
    branding: Type.Optional(Branding),
  },
  { additionalProperties: false },
);

const DetailsResponse = Type.Object({
  id: Type.String(),
  name: Type.String(),
  display_name: Type.Optional(Type.String()),
  branding: Type.Optional(
    Type.Object({
      logo_url: Type.Optional(Type.String()),
      colors: Type.Optional(Type.Object({ primary: Type.Optional(Type.String()), page_background: Type.Optional(Type.String()) })),
    }),
  ),
});

const ConfigResponse = Type.Object({
  allowed_strategies: Type.Array(Type.String()),
  connection_deletion_behavior: Type.String(),
});

function details(org: Organization) {
  return {
    id: org.id,
    name: org.name,
    ...(org.display_name !== undefined ? { display_name: org.display_name } : {}),
    ...(org.branding !== undefined ? { branding: org.branding } : {}),
  };
}

/** `/details` and `/config`: the organization itself, and what its administrators may configure. */
export const detailsRoutes: FastifyPluginAsyncTypebox<MyOrgRouteOptions> = async (app, { services }) => {
  app.get(
    '/details',
    { config: { myOrgScope: 'read:my_org:details' }, schema: { response: { 200: DetailsResponse, ...problems(404) } } },
    async (request) => details(await services.organizations.get(organizationOf(request))),
  );

  app.patch(
    '/details',
    {
      config: { myOrgScope: 'update:my_org:details' },
      schema: { body: DetailsPatch, response: { 200: DetailsResponse, ...problems(404, 409) } },
    },
    async (request) => {
      const { branding, ...rest } = request.body;
      const patch: OrganizationPatch = { ...rest };
      if (branding !== undefined) {
        // A null logo removes it; the branding is replaced as a whole, as the Management API does.
        const { logo_url, colors } = branding;
        patch.branding = { ...(typeof logo_url === 'string' ? { logo_url } : {}), ...(colors ? { colors } : {}) };
      }
      return details(await services.organizations.update(actorOf(request), organizationOf(request), patch));
    },
  );

  app.get(
    '/config',
    { config: { myOrgScope: 'read:my_org:configuration' }, schema: { response: { 200: ConfigResponse, ...problems(404) } } },
    async () => ({
      // The enterprise strategies Gatehouse speaks. Deleting an identity provider that still has
      // users is refused until they are gone (Auth0's `allow_if_empty`): people keep their login.
      allowed_strategies: [...ENTERPRISE_STRATEGIES],
      connection_deletion_behavior: 'allow_if_empty',
    }),
  );
};
