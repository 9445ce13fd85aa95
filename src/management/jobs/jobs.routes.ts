import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { prefixedId } from '../../domain/shared/ids.js';
import type { RouteOptions } from '../plugin.js';
import { actorOf } from '../actor.js';
import { errorResponses } from '../schemas.js';
import { UserId } from '../users/users.schemas.js';

const tags = ['Jobs'];

/** Auth0's body for `POST /jobs/verification-email`. */
const VerificationEmailBody = Type.Object(
  {
    user_id: UserId,
    client_id: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description: 'Application whose branding the email uses (accepted for Auth0 compatibility).',
      }),
    ),
    identity: Type.Optional(
      Type.Object(
        {
          user_id: Type.String({ minLength: 1, maxLength: 300 }),
          provider: Type.String({ minLength: 1, maxLength: 50 }),
        },
        { additionalProperties: false, description: "Accepted for Auth0 compatibility; the link verifies the user's email." },
      ),
    ),
    organization_id: Type.Optional(
      Type.String({ minLength: 1, maxLength: 50, description: 'Organization whose branding the email carries.' }),
    ),
  },
  { additionalProperties: false },
);

/** A job as Auth0 reports it; Gatehouse sends the email before answering, so it is always completed. */
const JobResponse = Type.Object(
  {
    id: Type.String(),
    type: Type.Literal('verification_email'),
    status: Type.Literal('completed'),
    created_at: Type.String(),
  },
  { $id: 'JobsVerificationEmailJob' },
);

/** `/jobs`: Auth0's job endpoints (only the verification email). */
export const jobsRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { services }) => {
  app.addSchema(JobResponse);

  app.post(
    '/jobs/verification-email',
    {
      config: { scope: 'update:users' },
      schema: {
        tags,
        summary: 'Send an email address verification email',
        body: VerificationEmailBody,
        response: { 201: Type.Ref('JobsVerificationEmailJob'), ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const job = await services.jobs.sendVerificationEmail(actorOf(request), request.body.user_id, {
        organizationId: request.body.organization_id,
      });
      return reply
        .code(201)
        .send({ id: prefixedId('job'), type: 'verification_email' as const, status: 'completed' as const, created_at: job.createdAt });
    },
  );
};
