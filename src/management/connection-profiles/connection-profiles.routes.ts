import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ConnectionProfileView } from '../../domain/identity-providers/connection-profiles.service.js';
import type { RouteOptions } from '../plugin.js';
import { actorOf } from '../actor.js';
import { errorResponses } from '../schemas.js';

const tags = ['Connection Profiles'];

const Name = Type.String({ minLength: 1, maxLength: 128, description: 'The name of the connection profile.' });
/** Gatehouse's extension: Auth0's profile fields that Gatehouse does not apply are not accepted. */
const Strategies = Type.Record(Type.String(), Type.Array(Type.String({ maxLength: 64 }), { maxItems: 50, uniqueItems: true }), {
  description:
    'Gatehouse: each enterprise strategy organization admins may create (samlp, oidc, okta, waad), with the options they may set on a connection of it at access level full.',
});
const Body = Type.Object({ name: Name, gatehouse_strategies: Type.Optional(Strategies) }, { additionalProperties: false });
const PatchBody = Type.Object(
  { name: Type.Optional(Name), gatehouse_strategies: Type.Optional(Strategies) },
  { additionalProperties: false, minProperties: 1 },
);
const Params = Type.Object({ id: Type.String({ minLength: 1, maxLength: 50, description: 'ID of the connection-profile.' }) });
const Profile = Type.Object({ id: Type.String(), name: Type.String(), gatehouse_strategies: Strategies });
const Template = Type.Object({
  id: Type.String(),
  display_name: Type.String(),
  template: Type.Object({ name: Type.String(), gatehouse_strategies: Strategies }),
});

function wire<T extends Omit<ConnectionProfileView, 'id'>>(
  profile: T,
): Omit<T, 'strategies'> & { gatehouse_strategies: Record<string, string[]> } {
  const { strategies, ...rest } = profile;
  return { ...rest, gatehouse_strategies: strategies as Record<string, string[]> };
}

/**
 * Auth0's `/connection-profiles`: what a customer's organization admin may create and set through
 * the My Organization API. Gatehouse keeps one profile per tenant; without one a built-in default
 * (every strategy and option, the template) applies.
 */
export const connectionProfilesRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { services }) => {
  const { connectionProfiles } = services;

  app.get(
    '/connection-profiles',
    {
      config: { scope: 'read:connection_profiles' },
      schema: {
        tags,
        summary: 'Get Connection Profiles',
        querystring: Type.Object(
          {
            from: Type.Optional(Type.String({ maxLength: 512 })),
            take: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ connection_profiles: Type.Array(Profile), next: Type.Optional(Type.String()) }) },
      },
    },
    // One profile at most: there is never a next page.
    async (request) => ({ connection_profiles: request.query.from ? [] : (await connectionProfiles.list()).map(wire) }),
  );

  app.get(
    '/connection-profiles/templates',
    {
      config: { scope: 'read:connection_profiles' },
      schema: {
        tags,
        summary: 'Get Connection Profile Templates',
        response: { 200: Type.Object({ connection_profile_templates: Type.Array(Template) }) },
      },
    },
    async () => ({ connection_profile_templates: connectionProfiles.templates().map((t) => ({ ...t, template: wire(t.template) })) }),
  );

  app.get(
    '/connection-profiles/templates/:id',
    {
      config: { scope: 'read:connection_profiles' },
      schema: { tags, summary: 'Get Connection Profile Template', params: Params, response: { 200: Template, ...errorResponses(404) } },
    },
    async (request) => {
      const found = connectionProfiles.template(request.params.id);
      return { ...found, template: wire(found.template) };
    },
  );

  app.post(
    '/connection-profiles',
    {
      config: { scope: 'create:connection_profiles' },
      schema: { tags, summary: 'Create a connection profile', body: Body, response: { 201: Profile, ...errorResponses(409) } },
    },
    async (request, reply) => {
      const { name, gatehouse_strategies } = request.body;
      const created = await connectionProfiles.create(actorOf(request), {
        name,
        ...(gatehouse_strategies ? { strategies: gatehouse_strategies } : {}),
      });
      return reply.code(201).send(wire(created));
    },
  );

  app.get(
    '/connection-profiles/:id',
    {
      config: { scope: 'read:connection_profiles' },
      schema: { tags, summary: 'Get Connection Profile', params: Params, response: { 200: Profile, ...errorResponses(404) } },
    },
    async (request) => wire(await connectionProfiles.get(request.params.id)),
  );

  app.patch(
    '/connection-profiles/:id',
    {
      config: { scope: 'update:connection_profiles' },
      schema: {
        tags,
        summary: 'Modify a Connection Profile',
        params: Params,
        body: PatchBody,
        response: { 200: Profile, ...errorResponses(404) },
      },
    },
    async (request) => {
      const { name, gatehouse_strategies } = request.body;
      return wire(
        await connectionProfiles.update(actorOf(request), request.params.id, {
          ...(name !== undefined ? { name } : {}),
          ...(gatehouse_strategies ? { strategies: gatehouse_strategies } : {}),
        }),
      );
    },
  );

  app.delete(
    '/connection-profiles/:id',
    {
      config: { scope: 'delete:connection_profiles' },
      schema: { tags, summary: 'Delete Connection Profile', params: Params, response: { 204: Type.Null(), ...errorResponses(404) } },
    },
    async (request, reply) => {
      await connectionProfiles.remove(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
