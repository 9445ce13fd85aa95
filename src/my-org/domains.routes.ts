import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { OrganizationDomain } from '../domain/organization-domains/organization-domains.types.js';
import type { MyOrgRouteOptions } from './plugin.js';
import { actorOf, organizationOf } from './actor.js';
import { CheckpointQuery, checkpoint, problems } from './schemas.js';

const OrgDomain = Type.Object({
  id: Type.String(),
  org_id: Type.String(),
  domain: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('verified'), Type.Literal('failed')]),
  verification_txt: Type.String({ description: 'The value of the TXT record that proves the domain.' }),
  verification_host: Type.String({ description: 'The full host name the TXT record goes at.' }),
});

const Params = Type.Object({ domain_id: Type.String({ minLength: 1, maxLength: 50, description: 'The ID of the domain.' }) });

/** A domain in Auth0's My Organization shape (the organization is `org_id`; Gatehouse's extra fields stay out). */
function orgDomain(domain: OrganizationDomain) {
  const { id, organization_id, domain: name, status, verification_txt, verification_host } = domain;
  return { id, org_id: organization_id, domain: name, status, verification_txt, verification_host };
}

/**
 * `/domains`: the organization's email domains. An organization admin adds one (pending), publishes
 * its TXT record and asks for the check; only the DNS proof verifies it here, never their word.
 */
export const domainsRoutes: FastifyPluginAsyncTypebox<MyOrgRouteOptions> = async (app, { services }) => {
  const { organizationDomains } = services;

  app.get(
    '/domains',
    {
      config: { myOrgScope: 'read:my_org:domains' },
      schema: {
        querystring: Type.Object(CheckpointQuery, { additionalProperties: false }),
        response: {
          200: Type.Object({ organization_domains: Type.Array(OrgDomain), next: Type.Optional(Type.String()) }),
          ...problems(404),
        },
      },
    },
    async (request) => {
      const page = await organizationDomains.list(organizationOf(request), checkpoint(request.query));
      return { organization_domains: page.items.map(orgDomain), ...(page.next ? { next: page.next } : {}) };
    },
  );

  app.post(
    '/domains',
    {
      config: { myOrgScope: 'create:my_org:domains' },
      schema: {
        body: Type.Object(
          { domain: Type.String({ minLength: 1, maxLength: 255, description: 'The email domain, e.g. acme.com.' }) },
          { additionalProperties: false },
        ),
        response: { 201: OrgDomain, ...problems(404, 409) },
      },
    },
    async (request, reply) => {
      const created = await organizationDomains.create(actorOf(request), organizationOf(request), { domain: request.body.domain });
      return reply.code(201).send(orgDomain(created));
    },
  );

  app.get(
    '/domains/:domain_id',
    { config: { myOrgScope: 'read:my_org:domains' }, schema: { params: Params, response: { 200: OrgDomain, ...problems(404) } } },
    async (request) => orgDomain(await organizationDomains.get(organizationOf(request), request.params.domain_id)),
  );

  app.delete(
    '/domains/:domain_id',
    {
      config: { myOrgScope: 'delete:my_org:domains' },
      schema: { params: Params, response: { 204: Type.Null(), ...problems(404) } },
    },
    async (request, reply) => {
      await organizationDomains.remove(actorOf(request), organizationOf(request), request.params.domain_id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/domains/:domain_id/verify',
    { config: { myOrgScope: 'update:my_org:domains' }, schema: { params: Params, response: { 200: OrgDomain, ...problems(404, 409) } } },
    async (request) => orgDomain(await organizationDomains.verify(actorOf(request), organizationOf(request), request.params.domain_id)),
  );

  // Auth0's DomainIdp: which identity providers a domain sends its people to.
  app.get(
    '/domains/:domain_id/identity-providers',
    {
      config: { myOrgScope: 'read:my_org:domains' },
      schema: {
        params: Params,
        response: {
          200: Type.Object({
            identity_providers: Type.Array(
              Type.Object({ id: Type.String(), name: Type.String(), display_name: Type.Optional(Type.String()) }),
            ),
          }),
          ...problems(404),
        },
      },
    },
    async (request) => {
      const idps = await services.identityProviders.ofDomain(actorOf(request), organizationOf(request), request.params.domain_id);
      return {
        identity_providers: idps.map(({ id, name, display_name }) => ({
          id,
          name,
          ...(display_name !== undefined ? { display_name } : {}),
        })),
      };
    },
  );
};
