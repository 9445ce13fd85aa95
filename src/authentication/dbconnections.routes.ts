import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import { Type, type Static } from 'typebox';
import type { Services } from '../domain/services.js';
import type { Client } from '../domain/clients/clients.types.js';
import type { SignInAttempt } from '../domain/sign-in/sign-in-events.js';
import { DomainError, fail } from '../domain/errors.js';
import { INVALID_UTF8_MESSAGE, useStrictJsonParser } from '../shared/json-body.js';
import { sendDbConnectionsError, toDbConnectionsError } from './render-error.js';
import { EMAIL_MAX_LENGTH, EMAIL_PATTERN } from '../domain/users/email-address.js';

/** Auth0's answer to a password change request, the same whether or not the account exists. */
export const CHANGE_PASSWORD_SENT = "We've just sent you an email to reset your password.";

const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });
const Email = Type.String({ minLength: 3, maxLength: EMAIL_MAX_LENGTH, pattern: EMAIL_PATTERN });

const SignUpBody = Type.Object(
  {
    client_id: Text(64),
    email: Email,
    password: Type.String({ minLength: 1, maxLength: 256 }),
    connection: Text(128),
    username: Type.Optional(Text(128)),
    given_name: Type.Optional(Text(150)),
    family_name: Type.Optional(Text(150)),
    name: Type.Optional(Text(300)),
    nickname: Type.Optional(Text(300)),
    picture: Type.Optional(Type.String({ format: 'uri', maxLength: 2048 })),
    user_metadata: Type.Optional(Type.Record(Type.String({ maxLength: 100 }), Type.String({ maxLength: 500 }), { maxProperties: 10 })),
  },
  { additionalProperties: false },
);

const ChangePasswordBody = Type.Object(
  {
    client_id: Text(64),
    email: Email,
    connection: Text(128),
    organization: Type.Optional(Text(64)),
  },
  { additionalProperties: false },
);

const ErrorBody = Type.Object({ name: Type.String(), code: Type.String(), statusCode: Type.Integer() }, { additionalProperties: true });

const SignedUp = Type.Object({
  _id: Type.String(),
  email: Type.String(),
  email_verified: Type.Boolean(),
  username: Type.Optional(Type.String()),
  given_name: Type.Optional(Type.String()),
  family_name: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  nickname: Type.Optional(Type.String()),
  picture: Type.Optional(Type.String()),
  user_metadata: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

/**
 * Auth0's database-connection endpoints of the Authentication API, which the `auth0` SDK's
 * `database.signUp` / `database.changePassword` and custom sign-up forms call. The application
 * must exist; the connection is a shared database connection, by name.
 */
export const dbConnectionsRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  useStrictJsonParser(app, () => new DomainError('invalid_body', INVALID_UTF8_MESSAGE));
  await app.register(formbody, { bodyLimit: 16 * 1024 });
  app.setErrorHandler((error, request, reply) => sendDbConnectionsError(reply, toDbConnectionsError(error, request)));

  async function requireClient(clientId: string) {
    const client = await services.clients.find(clientId);
    if (!client) fail('invalid_request', `Unknown client: ${clientId}`);
    return client;
  }

  /** Where the request comes from, for the events of its outcome. */
  function attemptOf(request: FastifyRequest, client: Client): SignInAttempt {
    const userAgent = request.headers['user-agent'];
    return { ip: request.ip, ...(userAgent ? { userAgent } : {}), client: { client_id: client.client_id, name: client.name } };
  }

  app.post(
    '/signup',
    {
      schema: { hide: true, body: SignUpBody, response: { 200: SignedUp, '4xx': ErrorBody, '5xx': ErrorBody } } as object,
    },
    async (request) => {
      const body = request.body as Static<typeof SignUpBody>;
      const client = await requireClient(body.client_id);
      const { client_id: _client, email, password, connection, ...profile } = body;
      const user = await services.signIn.signUpInConnection(attemptOf(request, client), {
        clientId: body.client_id,
        connection,
        email,
        password,
        profile,
      });
      services.email.queueVerification(user.user_id);
      return {
        _id: user.user_id.slice(user.user_id.indexOf('|') + 1),
        email: user.email ?? email,
        email_verified: user.email_verified,
        username: user.username,
        given_name: user.given_name,
        family_name: user.family_name,
        name: user.name,
        nickname: user.nickname,
        picture: user.picture,
        ...(profile.user_metadata ? { user_metadata: user.user_metadata } : {}),
      };
    },
  );

  app.post(
    '/change_password',
    {
      schema: { hide: true, body: ChangePasswordBody, response: { 200: Type.String(), '4xx': ErrorBody, '5xx': ErrorBody } } as object,
    },
    async (request, reply) => {
      const body = request.body as Static<typeof ChangePasswordBody>;
      const client = await requireClient(body.client_id);
      await services.signIn.databaseConnectionNamed(body.connection, body.client_id);
      const organization = body.organization ? await services.signIn.findOrganization(body.organization) : undefined;
      await services.email.requestPasswordReset(attemptOf(request, client), {
        email: body.email,
        organizationId: organization?.id,
        clientId: body.client_id,
        connection: body.connection,
      });
      return reply.type('text/plain; charset=utf-8').send(CHANGE_PASSWORD_SENT);
    },
  );
};
