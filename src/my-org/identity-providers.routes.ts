import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ACCESS_LEVELS } from '../domain/organization-connections/organization-connections.types.js';
import type { IdentityProvider } from '../domain/identity-providers/identity-providers.types.js';
import type { MyOrgRouteOptions } from './plugin.js';
import { actorOf, organizationOf } from './actor.js';
import { problems } from './schemas.js';

// Auth0's IdpKnownRequest / IdpUpdateKnownRequest / IdpKnownResponse. The strategies are the
// enterprise ones Gatehouse speaks; options are checked by the domain (connections.options.ts) so
// that a refused one is named with its rule.

const IDP_STRATEGIES = ['samlp', 'oidc', 'okta', 'waad'] as const;
const AccessLevel = Type.Enum([...ACCESS_LEVELS]);
const Options = Type.Record(Type.String(), Type.Unknown(), { description: 'Identity provider specific options.' });
const IdpId = Type.String({ minLength: 1, maxLength: 50, description: 'The identity provider id.' });
const Params = Type.Object({ idp_id: IdpId });
const DomainName = Type.String({ minLength: 1, maxLength: 253, description: 'Domain name.' });
const DomainParams = Type.Object({ idp_id: IdpId, domain: DomainName });

const Settings = {
  display_name: Type.Optional(
    Type.String({ minLength: 1, maxLength: 128, description: 'Identity provider name used on the login screen.' }),
  ),
  show_as_button: Type.Optional(Type.Boolean()),
  assign_membership_on_login: Type.Optional(Type.Boolean()),
  is_enabled: Type.Optional(Type.Boolean()),
  access_level: Type.Optional(AccessLevel),
};

const CreateBody = Type.Object(
  {
    name: Type.String({
      minLength: 1,
      maxLength: 64,
      pattern: '^[a-zA-Z0-9](-?[a-zA-Z0-9])*$',
      description: 'The name of the identity provider: letters, digits and single hyphens.',
    }),
    strategy: Type.Enum([...IDP_STRATEGIES]),
    domains: Type.Optional(Type.Array(Type.String({ maxLength: 253 }), { maxItems: 100 })),
    options: Options,
    ...Settings,
  },
  { additionalProperties: false },
);

const UpdateBody = Type.Object({ ...Settings, options: Type.Optional(Options) }, { additionalProperties: false, minProperties: 1 });

const Response = Type.Object({
  id: Type.String(),
  name: Type.String(),
  strategy: Type.String(),
  domains: Type.Array(Type.String()),
  display_name: Type.Optional(Type.String()),
  show_as_button: Type.Boolean(),
  assign_membership_on_login: Type.Boolean(),
  is_enabled: Type.Boolean(),
  access_level: Type.String(),
  options: Options,
  attributes: Type.Array(Type.Unknown()),
  // Gatehouse's addition: what the IT admin pastes into their IdP.
  setup: Type.Optional(Type.Record(Type.String(), Type.String())),
});

/** Auth0's wire names of the SAML options Gatehouse stores under its own (`cert` is `signingCert`). */
const WIRE_NAMES: Record<string, string> = { signingCert: 'cert' };
const STORED_NAMES = Object.fromEntries(Object.entries(WIRE_NAMES).map(([stored, wire]) => [wire, stored]));

function rename(options: Record<string, unknown>, names: Record<string, string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(options).map(([key, value]) => [names[key] ?? key, value]));
}

/** The identity providers of the organization, within each one's access level. */
export const identityProvidersRoutes: FastifyPluginAsyncTypebox<MyOrgRouteOptions> = async (app, { services, federation }) => {
  const { identityProviders } = services;

  function wire(idp: IdentityProvider, withSetup: boolean) {
    return {
      ...idp,
      options: rename(idp.options, WIRE_NAMES),
      attributes: [],
      ...(withSetup ? { setup: federation.setupValues(idp) } : {}),
    };
  }

  async function storedOptions(strategy: string, options: Record<string, unknown>) {
    // A SAML metadata URL is read when saved, so a wrong one is an error the admin sees right away.
    return federation.withFetchedMetadata(strategy, rename(options, STORED_NAMES));
  }

  app.get(
    '/identity-providers',
    {
      config: { myOrgScope: 'read:my_org:identity_providers' },
      schema: { response: { 200: Type.Object({ identity_providers: Type.Array(Response) }), ...problems(404) } },
    },
    async (request) => ({
      identity_providers: (await identityProviders.list(actorOf(request), organizationOf(request))).map((idp) => wire(idp, false)),
    }),
  );

  app.post(
    '/identity-providers',
    {
      config: { myOrgScope: 'create:my_org:identity_providers' },
      schema: { body: CreateBody, response: { 201: Response, ...problems(404, 409) } },
    },
    async (request, reply) => {
      const options = await storedOptions(request.body.strategy, request.body.options);
      const created = await identityProviders.create(actorOf(request), organizationOf(request), { ...request.body, options });
      return reply.code(201).send(wire(created, true));
    },
  );

  app.get(
    '/identity-providers/:idp_id',
    {
      config: { myOrgScope: 'read:my_org:identity_providers' },
      schema: { params: Params, response: { 200: Response, ...problems(404) } },
    },
    async (request) => wire(await identityProviders.get(actorOf(request), organizationOf(request), request.params.idp_id), true),
  );

  app.patch(
    '/identity-providers/:idp_id',
    {
      config: { myOrgScope: 'update:my_org:identity_providers' },
      schema: { params: Params, body: UpdateBody, response: { 200: Response, ...problems(404) } },
    },
    async (request) => {
      const { options, ...rest } = request.body;
      const actor = actorOf(request);
      const organizationId = organizationOf(request);
      const patch = { ...rest } as Parameters<typeof identityProviders.update>[3];
      if (options !== undefined) {
        // The strategy decides how a metadata URL is read; the domain checks the rest.
        const current = await identityProviders.get(actor, organizationId, request.params.idp_id);
        patch.options = await storedOptions(current.strategy, options);
      }
      return wire(await identityProviders.update(actor, organizationId, request.params.idp_id, patch), true);
    },
  );

  app.delete(
    '/identity-providers/:idp_id',
    {
      config: { myOrgScope: 'delete:my_org:identity_providers' },
      schema: { params: Params, response: { 204: Type.Null(), ...problems(404) } },
    },
    async (request, reply) => {
      await identityProviders.remove(actorOf(request), organizationOf(request), request.params.idp_id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/identity-providers/:idp_id/detach',
    {
      config: { myOrgScope: 'update:my_org:identity_providers_detach' },
      schema: { params: Params, response: { 204: Type.Null(), ...problems(404) } },
    },
    async (request, reply) => {
      await identityProviders.detach(actorOf(request), organizationOf(request), request.params.idp_id);
      return reply.code(204).send(null);
    },
  );

  // Auth0's `/identity-providers/{idp_id}/domains`: the organization's verified domains whose people
  // home realm discovery sends to this identity provider.
  app.post(
    '/identity-providers/:idp_id/domains',
    {
      config: { myOrgScope: 'create:my_org:identity_providers_domains' },
      schema: {
        params: Params,
        body: Type.Object({ domain: DomainName }, { additionalProperties: false }),
        response: { 201: Type.Object({ domain: Type.String() }), ...problems(404, 409) },
      },
    },
    async (request, reply) => {
      const domain = await identityProviders.addDomain(
        actorOf(request),
        organizationOf(request),
        request.params.idp_id,
        request.body.domain,
      );
      return reply.code(201).send({ domain });
    },
  );

  app.delete(
    '/identity-providers/:idp_id/domains/:domain',
    {
      config: { myOrgScope: 'delete:my_org:identity_providers_domains' },
      schema: { params: DomainParams, response: { 204: Type.Null(), ...problems(404) } },
    },
    async (request, reply) => {
      await identityProviders.removeDomain(actorOf(request), organizationOf(request), request.params.idp_id, request.params.domain);
      return reply.code(204).send(null);
    },
  );
};
