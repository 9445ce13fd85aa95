import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DEFAULT_PER_PAGE } from '../../domain/shared/pagination.js';
import type { RouteOptions } from '../plugin.js';
import { actorOf } from '../actor.js';
import { errorResponses } from '../schemas.js';
import {
  DiscoveryDomainBody,
  DiscoveryDomainNameParams,
  DiscoveryDomainParams,
  DiscoveryDomainPatchBody,
  DiscoveryDomainResponse,
  DiscoveryDomainsQuery,
  OrganizationParams,
} from './discovery-domains.schemas.js';

const tags = ['Organizations'];

/**
 * `/organizations/{id}/discovery-domains`: Auth0's organization discovery domains, plus
 * `POST …/{discovery_domain_id}/verify`, Gatehouse's: look up the TXT record now.
 */
export const discoveryDomainsRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { services }) => {
  const { organizationDomains } = services;
  app.addSchema(DiscoveryDomainResponse);
  const item = Type.Ref('OrganizationDiscoveryDomain');
  const base = '/organizations/:id/discovery-domains';

  app.get(
    base,
    {
      config: { scope: 'read:organization_discovery_domains' },
      schema: {
        tags,
        summary: 'Retrieve all organization discovery domains',
        params: OrganizationParams,
        querystring: DiscoveryDomainsQuery,
        response: { 200: Type.Object({ domains: Type.Array(item), next: Type.Optional(Type.String()) }), ...errorResponses(404) },
      },
    },
    async (request) => {
      const { from, take } = request.query;
      const page = await organizationDomains.list(request.params.id, {
        kind: 'checkpoint',
        from: from || undefined,
        take: take ?? DEFAULT_PER_PAGE,
      });
      return page.next ? { domains: page.items, next: page.next } : { domains: page.items };
    },
  );

  app.post(
    base,
    {
      config: { scope: 'create:organization_discovery_domains' },
      schema: {
        tags,
        summary: 'Create an organization discovery domain',
        params: OrganizationParams,
        body: DiscoveryDomainBody,
        response: { 201: item, ...errorResponses(404, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await organizationDomains.create(actorOf(request), request.params.id, request.body)),
  );

  app.get(
    `${base}/name/:discovery_domain`,
    {
      config: { scope: 'read:organization_discovery_domains' },
      schema: {
        tags,
        summary: 'Retrieve an organization discovery domain by domain name',
        params: DiscoveryDomainNameParams,
        response: { 200: item, ...errorResponses(404) },
      },
    },
    async (request) => organizationDomains.getByName(request.params.id, request.params.discovery_domain),
  );

  app.get(
    `${base}/:discovery_domain_id`,
    {
      config: { scope: 'read:organization_discovery_domains' },
      schema: {
        tags,
        summary: 'Retrieve an organization discovery domain by ID',
        params: DiscoveryDomainParams,
        response: { 200: item, ...errorResponses(404) },
      },
    },
    async (request) => organizationDomains.get(request.params.id, request.params.discovery_domain_id),
  );

  app.patch(
    `${base}/:discovery_domain_id`,
    {
      config: { scope: 'update:organization_discovery_domains' },
      schema: {
        tags,
        summary: 'Update an organization discovery domain',
        params: DiscoveryDomainParams,
        body: DiscoveryDomainPatchBody,
        response: { 200: item, ...errorResponses(404, 409) },
      },
    },
    async (request) => organizationDomains.update(actorOf(request), request.params.id, request.params.discovery_domain_id, request.body),
  );

  app.post(
    `${base}/:discovery_domain_id/verify`,
    {
      config: { scope: 'update:organization_discovery_domains' },
      schema: {
        tags,
        summary: 'Verify an organization discovery domain by its DNS TXT record (Gatehouse)',
        description: 'Looks the TXT record up now; the domain becomes verified, or failed with last_error saying what was wrong.',
        params: DiscoveryDomainParams,
        response: { 200: item, ...errorResponses(404, 409) },
      },
    },
    async (request) => organizationDomains.verify(actorOf(request), request.params.id, request.params.discovery_domain_id),
  );

  app.delete(
    `${base}/:discovery_domain_id`,
    {
      config: { scope: 'delete:organization_discovery_domains' },
      schema: {
        tags,
        summary: 'Delete an organization discovery domain',
        params: DiscoveryDomainParams,
        response: { 204: Type.Null(), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      await organizationDomains.remove(actorOf(request), request.params.id, request.params.discovery_domain_id);
      return reply.code(204).send(null);
    },
  );
};
