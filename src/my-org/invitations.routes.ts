import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Invitation } from '../domain/invitations/invitations.types.js';
import type { MyOrgRouteOptions } from './plugin.js';
import { actorOf, organizationOf } from './actor.js';
import { CheckpointQuery, RoleId, checkpoint, problems } from './schemas.js';

/** Auth0's longest invitation: 30 days. */
const MAX_TTL = 2592000;

const Email = Type.String({ format: 'email', minLength: 3, maxLength: 254, description: "The invitee's email." });
const InvitationBody = Type.Object(
  {
    invitees: Type.Array(
      Type.Object(
        {
          email: Email,
          roles: Type.Optional(Type.Array(RoleId, { maxItems: 50, uniqueItems: true, description: 'Role IDs given on acceptance.' })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 50 },
    ),
    inviter: Type.Optional(
      Type.Object(
        { name: Type.String({ minLength: 1, maxLength: 300, description: "The inviter's name." }) },
        { additionalProperties: false },
      ),
    ),
    identity_provider_id: Type.Optional(
      Type.String({ minLength: 1, maxLength: 50, description: 'The connection the invitee signs in with.' }),
    ),
    ttl_sec: Type.Optional(
      Type.Integer({ minimum: 0, maximum: MAX_TTL, description: 'Seconds the invitation is valid; 0 or absent means 7 days.' }),
    ),
  },
  { additionalProperties: false },
);

const MemberInvitation = Type.Object({
  id: Type.String(),
  organization_id: Type.String(),
  inviter: Type.Object({ name: Type.String() }),
  invitee: Type.Object({ email: Type.String() }),
  identity_provider_id: Type.Optional(Type.String()),
  created_at: Type.String(),
  expires_at: Type.String(),
  roles: Type.Array(Type.String()),
  invitation_url: Type.String(),
  ticket_id: Type.String(),
});

const Params = Type.Object({ invitation_id: Type.String({ minLength: 1, maxLength: 50, description: 'The ID of the invitation.' }) });

/** An invitation in Auth0's My Organization shape: the connection is the "identity provider". */
function memberInvitation(invitation: Invitation) {
  const { connection_id, client_id: _client, app_metadata: _app, user_metadata: _user, ...rest } = invitation;
  return { ...rest, ...(connection_id !== undefined ? { identity_provider_id: connection_id } : {}) };
}

/** `/member-invitations`: invite people to the organization, list, read and revoke invitations. */
export const invitationsRoutes: FastifyPluginAsyncTypebox<MyOrgRouteOptions> = async (app, { services }) => {
  const { invitations } = services;

  app.get(
    '/member-invitations',
    {
      config: { myOrgScope: 'read:my_org:member_invitations' },
      schema: {
        querystring: Type.Object(CheckpointQuery, { additionalProperties: false }),
        response: { 200: Type.Object({ invitations: Type.Array(MemberInvitation), next: Type.Optional(Type.String()) }), ...problems(404) },
      },
    },
    async (request) => {
      const page = await invitations.pageNewestFirst(organizationOf(request), checkpoint(request.query));
      return { invitations: page.items.map(memberInvitation), ...(page.next ? { next: page.next } : {}) };
    },
  );

  app.post(
    '/member-invitations',
    {
      config: { myOrgScope: 'create:my_org:member_invitations', myOrgFields: { connection_id: 'identity_provider_id' } },
      schema: { body: InvitationBody, response: { 201: Type.Array(MemberInvitation), ...problems(404) } },
    },
    async (request, reply) => {
      const { invitees, inviter, identity_provider_id, ttl_sec } = request.body;
      const actor = actorOf(request);
      // The invitation is from the administrator, named as their profile names them unless they say otherwise.
      const me = inviter ? undefined : await services.users.get(actor.id);
      const created = await invitations.inviteMembers(actor, organizationOf(request), {
        invitees,
        inviter: inviter ?? { name: me?.name ?? me?.email ?? actor.id },
        // The invitee signs in to the application the administrator is using.
        client_id: request.myOrg!.clientId,
        ...(identity_provider_id !== undefined ? { connection_id: identity_provider_id } : {}),
        ...(ttl_sec !== undefined ? { ttl_sec } : {}),
      });
      for (const invitation of created) await services.email.sendInvitation(invitation);
      return reply.code(201).send(created.map(memberInvitation));
    },
  );

  app.get(
    '/member-invitations/:invitation_id',
    {
      config: { myOrgScope: 'read:my_org:member_invitations' },
      schema: { params: Params, response: { 200: MemberInvitation, ...problems(404) } },
    },
    async (request) => memberInvitation(await invitations.get(organizationOf(request), request.params.invitation_id)),
  );

  app.delete(
    '/member-invitations/:invitation_id',
    {
      config: { myOrgScope: 'delete:my_org:member_invitations' },
      schema: { params: Params, response: { 204: Type.Null(), ...problems(404) } },
    },
    async (request, reply) => {
      await invitations.remove(actorOf(request), organizationOf(request), request.params.invitation_id);
      return reply.code(204).send(null);
    },
  );
};
