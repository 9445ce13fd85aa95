import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { MyOrgRouteOptions } from './plugin.js';
import { actorOf, organizationOf } from './actor.js';
import { CheckpointQuery, RoleId, RoleSchema, UserId, checkpoint, problems } from './schemas.js';

// Auth0's OrgMember: the profile, and the roles only for a token that may read them.
const Member = Type.Object({
  user_id: Type.String(),
  email: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  nickname: Type.Optional(Type.String()),
  given_name: Type.Optional(Type.String()),
  family_name: Type.Optional(Type.String()),
  phone_number: Type.Optional(Type.String()),
  created_at: Type.String(),
  updated_at: Type.String(),
  last_login: Type.Optional(Type.String()),
  roles: Type.Optional(Type.Array(RoleSchema)),
});

const Params = Type.Object({ user_id: UserId });
const RoleIds = Type.Object(
  { role_ids: Type.Array(RoleId, { minItems: 1, maxItems: 50, uniqueItems: true, description: 'The IDs of the roles.' }) },
  { additionalProperties: false },
);
// Auth0's "delete memberships": the users stay, their membership goes.
const Memberships = Type.Object(
  { members: Type.Array(UserId, { minItems: 1, maxItems: 50, uniqueItems: true, description: 'The user IDs of the members.' }) },
  { additionalProperties: false },
);
const roleFields = { roles: 'role_ids' };

/** Members, their removal, and the roles each holds in the organization. */
export const membersRoutes: FastifyPluginAsyncTypebox<MyOrgRouteOptions> = async (app, { services }) => {
  const { memberships } = services;
  /** Auth0 lists a member's roles only to a token that may read member roles. */
  const withRoles = (scopes: Set<string>) => ({ includeRoles: scopes.has('read:my_org:member_roles') });

  app.get(
    '/members',
    {
      config: { myOrgScope: 'read:my_org:members' },
      schema: {
        querystring: Type.Object(CheckpointQuery, { additionalProperties: false }),
        response: { 200: Type.Object({ members: Type.Array(Member), next: Type.Optional(Type.String()) }), ...problems(404) },
      },
    },
    async (request) => {
      const page = await memberships.listProfiles(organizationOf(request), checkpoint(request.query), withRoles(request.myOrg!.scopes));
      return { members: page.items, ...(page.next ? { next: page.next } : {}) };
    },
  );

  app.get(
    '/members/:user_id',
    {
      config: { myOrgScope: 'read:my_org:members' },
      schema: { params: Params, response: { 200: Member, ...problems(404) } },
    },
    async (request) => memberships.getProfile(organizationOf(request), request.params.user_id, withRoles(request.myOrg!.scopes)),
  );

  app.post(
    '/delete-memberships',
    {
      config: { myOrgScope: 'delete:my_org:memberships' },
      schema: { body: Memberships, response: { 204: Type.Null(), ...problems(404) } },
    },
    async (request, reply) => {
      await memberships.remove(actorOf(request), organizationOf(request), request.body.members);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/members/:user_id/roles',
    {
      config: { myOrgScope: 'read:my_org:member_roles' },
      schema: {
        params: Params,
        querystring: Type.Object(CheckpointQuery, { additionalProperties: false }),
        response: { 200: Type.Object({ roles: Type.Array(RoleSchema), next: Type.Optional(Type.String()) }), ...problems(404) },
      },
    },
    async (request) => {
      const page = await memberships.pageRoles(organizationOf(request), request.params.user_id, checkpoint(request.query));
      return { roles: page.items, ...(page.next ? { next: page.next } : {}) };
    },
  );

  app.post(
    '/members/:user_id/roles',
    {
      config: { myOrgScope: 'create:my_org:member_roles', myOrgFields: roleFields },
      schema: { params: Params, body: RoleIds, response: { 204: Type.Null(), ...problems(404) } },
    },
    async (request, reply) => {
      await memberships.assignRoles(actorOf(request), organizationOf(request), request.params.user_id, request.body.role_ids);
      return reply.code(204).send(null);
    },
  );

  // Auth0's definition removes roles with DELETE and a body; `unassign-roles` is the same for
  // clients that cannot send a body with DELETE.
  const unassign = {
    config: { myOrgScope: 'delete:my_org:member_roles', myOrgFields: roleFields },
    schema: { params: Params, body: RoleIds, response: { 204: Type.Null(), ...problems(404) } },
  };
  for (const [method, url] of [
    ['DELETE', '/members/:user_id/roles'],
    ['POST', '/members/:user_id/unassign-roles'],
  ] as const) {
    app.route({
      method,
      url,
      ...unassign,
      handler: async (request, reply) => {
        await memberships.removeRoles(actorOf(request), organizationOf(request), request.params.user_id, request.body.role_ids);
        return reply.code(204).send(null);
      },
    });
  }
};
