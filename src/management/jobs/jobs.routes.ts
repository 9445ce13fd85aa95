import { Type } from 'typebox';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { DomainError, invalidInput } from '../../domain/errors.js';
import { prefixedId } from '../../domain/shared/ids.js';
import type { RouteOptions } from '../plugin.js';
import type { Services } from '../../domain/services.js';
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

const JobSummary = Type.Object({ inserted: Type.Integer(), updated: Type.Integer(), failed: Type.Integer(), total: Type.Integer() });

/** An import or export job as `GET /jobs/{id}` shows it (Auth0's shape). */
const UserJobResponse = Type.Object(
  {
    id: Type.String(),
    type: Type.Union([Type.Literal('users_import'), Type.Literal('users_export')]),
    status: Type.Union([Type.Literal('pending'), Type.Literal('processing'), Type.Literal('completed'), Type.Literal('failed')]),
    created_at: Type.String(),
    connection_id: Type.Optional(Type.String()),
    external_id: Type.Optional(Type.String()),
    status_details: Type.Optional(Type.String()),
    summary: Type.Optional(JobSummary),
    percentage_done: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    time_left_seconds: Type.Optional(Type.Integer({ minimum: 0 })),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
    location: Type.Optional(Type.String()),
  },
  { $id: 'JobsUserJob' },
);

const JobErrors = Type.Array(
  Type.Object({
    user: Type.Unknown(),
    errors: Type.Array(Type.Object({ code: Type.String(), message: Type.String(), path: Type.String() })),
  }),
);

/** Auth0's body of `POST /jobs/users-exports`. */
const ExportBody = Type.Object(
  {
    connection_id: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    format: Type.Optional(
      Type.Union([Type.Literal('json'), Type.Literal('csv')], { description: '`json` is one JSON object per line (ndjson).' }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000_000 })),
    fields: Type.Optional(
      Type.Array(
        Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 50 }), export_as: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) },
          { additionalProperties: false },
        ),
        { minItems: 1, maxItems: 50 },
      ),
    ),
  },
  { additionalProperties: false },
);

const JobIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 50 }) });

function flag(value: string | undefined, field: string): boolean {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  invalidInput(field, 'Expected true or false');
}

function fileTooLarge(limit: number): never {
  invalidInput('users', `The users file is too large (maximum ${limit} bytes)`, { limit });
}

/**
 * `POST /jobs/users-imports`: the `users` file is stored as it streams in (never held whole), then
 * Auth0's form fields, which may come before or after it, queue the import. Whatever refuses the
 * request after the file was stored deletes it again.
 */
async function importUsers(request: FastifyRequest, jobs: Services['jobs']) {
  if (!request.isMultipart()) invalidInput('body', 'Expected a multipart/form-data body');
  const fields: Record<string, string> = {};
  let uploadId: string | undefined;
  try {
    try {
      for await (const part of request.parts()) {
        if (part.type !== 'file') {
          fields[part.fieldname] = String(part.value);
          continue;
        }
        if (part.fieldname !== 'users' || uploadId !== undefined) invalidInput(part.fieldname, 'Unknown file field (expected users)');
        try {
          uploadId = (await jobs.storeImportFile(part.file)).uploadId;
        } catch (error) {
          if (part.file.truncated) fileTooLarge(jobs.maxImportFileBytes);
          throw error;
        }
        if (part.file.truncated) fileTooLarge(jobs.maxImportFileBytes);
      }
    } catch (error) {
      if (error instanceof DomainError) throw error;
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') fileTooLarge(jobs.maxImportFileBytes);
      invalidInput('body', 'Malformed multipart/form-data body');
    }
    for (const name of Object.keys(fields))
      if (!['connection_id', 'upsert', 'external_id', 'send_completion_email'].includes(name))
        invalidInput(name, 'Additional properties not allowed');
    if (uploadId === undefined) invalidInput('users', 'Missing required property: users');
    const connectionId = fields.connection_id;
    if (!connectionId) invalidInput('connection_id', 'Missing required property: connection_id');
    if (connectionId.length > 50) invalidInput('connection_id', 'String is too long (maximum 50)', { limit: 50 });
    if (fields.external_id !== undefined && fields.external_id.length > 255)
      invalidInput('external_id', 'String is too long (maximum 255)', { limit: 255 });
    const upsert = flag(fields.upsert, 'upsert');
    const sendCompletionEmail = flag(fields.send_completion_email, 'send_completion_email');
    return await jobs.createImport(actorOf(request), {
      uploadId,
      connectionId,
      upsert,
      externalId: fields.external_id,
      sendCompletionEmail,
    });
  } catch (error) {
    if (uploadId !== undefined) await jobs.discardImportFile(uploadId);
    throw error;
  }
}

/** `/jobs`: Auth0's job endpoints: the verification email, users imports and their progress. */
export const jobsRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { services }) => {
  app.addSchema(JobResponse);
  app.addSchema(UserJobResponse);
  await app.register(multipart, { limits: { fileSize: services.jobs.maxImportFileBytes, files: 1, fields: 10 } });

  app.post(
    '/jobs/users-imports',
    {
      config: { scope: 'create:users' },
      schema: {
        tags,
        summary: 'Import users from a file into a database connection (a background job)',
        consumes: ['multipart/form-data'],
        response: { 201: Type.Ref('JobsUserJob'), ...errorResponses(400, 404, 409) },
      },
    },
    async (request, reply) => {
      return reply.code(201).send(await importUsers(request, services.jobs));
    },
  );

  app.post(
    '/jobs/users-exports',
    {
      config: { scope: 'read:users' },
      schema: {
        tags,
        summary: 'Export users to a file (a background job; the completed job has a signed download link)',
        body: ExportBody,
        response: { 201: Type.Ref('JobsUserJob'), ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const { connection_id, format, limit, fields } = request.body;
      const job = await services.jobs.createExport(actorOf(request), { connectionId: connection_id, format, limit, fields });
      return reply.code(201).send(job);
    },
  );

  app.get(
    '/jobs/:id',
    {
      config: { scope: 'read:users' },
      schema: { tags, summary: 'Get a job', params: JobIdParams, response: { 200: Type.Ref('JobsUserJob'), ...errorResponses(404) } },
    },
    async (request) => services.jobs.get(request.params.id),
  );

  app.get(
    '/jobs/:id/errors',
    {
      config: { scope: 'read:users' },
      schema: { tags, summary: "Get a job's errors", params: JobIdParams, response: { 200: JobErrors, ...errorResponses(404) } },
    },
    async (request) => services.jobs.errors(request.params.id),
  );

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
