import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AuthenticationMethod } from '../domain/mfa/mfa.types.js';
import type { MyAccountRouteOptions } from './plugin.js';
import { actorOf, attemptOf, subjectOf, userOf } from './actor.js';
import { AuthenticationMethodSchema, MethodParams, problems } from './schemas.js';

/** A stored method in the My Account API's shape: Auth0's `usage`, `relying_party_id`; no enrolment time. */
function toWire(method: AuthenticationMethod) {
  const { enrolled_at: _enrolled, relying_party_identifier: rpId, ...rest } = method;
  return { ...rest, usage: [method.type === 'passkey' ? 'primary' : 'secondary'], ...(rpId ? { relying_party_id: rpId } : {}) };
}

const Enrolment = Type.Object(
  {
    type: Type.Union([Type.Literal('totp')], {
      description: 'The method to enrol. Passkeys and security keys are enrolled at the hosted login.',
    }),
  },
  { additionalProperties: false },
);

const EnrolmentChallenge = Type.Object({
  id: Type.String(),
  type: Type.Literal('totp'),
  auth_session: Type.String(),
  /** The otpauth:// URI for the QR code. */
  barcode_uri: Type.String(),
  /** The secret, for typing into an authenticator app instead of scanning. */
  manual_input_code: Type.String(),
});

const Verification = Type.Object(
  {
    auth_session: Type.String({ minLength: 1, maxLength: 200, description: 'The auth_session of the enrolment challenge.' }),
    otp_code: Type.String({ minLength: 1, maxLength: 20, description: 'The code the authenticator app shows.' }),
  },
  { additionalProperties: false },
);

/** The signed-in user's authentication methods: list, read, remove, and enrol TOTP. */
export const authenticationMethodsRoutes: FastifyPluginAsyncTypebox<MyAccountRouteOptions> = async (
  app,
  { services, authSessions, issuer },
) => {
  const { mfa } = services;

  app.get(
    '/authentication-methods',
    {
      config: { myAccountScope: 'read:me:authentication_methods' },
      schema: { response: { 200: Type.Object({ authentication_methods: Type.Array(AuthenticationMethodSchema) }), ...problems() } },
    },
    async (request) => ({ authentication_methods: (await mfa.list(userOf(request))).map(toWire) }),
  );

  app.get(
    '/authentication-methods/:authentication_method_id',
    {
      config: { myAccountScope: 'read:me:authentication_methods' },
      schema: { params: MethodParams, response: { 200: AuthenticationMethodSchema, ...problems(404) } },
    },
    async (request) => toWire(await mfa.get(userOf(request), request.params.authentication_method_id)),
  );

  app.delete(
    '/authentication-methods/:authentication_method_id',
    {
      config: { myAccountScope: 'delete:me:authentication_methods', myAccountRecentLogin: true },
      schema: { params: MethodParams, response: { 204: Type.Null(), ...problems(404) } },
    },
    async (request, reply) => {
      // The user's own removal: their sessions stay (mfa.service.ts, revokeUnlessSelf).
      await mfa.remove(actorOf(request), userOf(request), request.params.authentication_method_id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/authentication-methods',
    {
      config: { myAccountScope: 'create:me:authentication_methods', myAccountRecentLogin: true },
      schema: { body: Enrolment, response: { 201: EnrolmentChallenge, ...problems() } },
    },
    async (request, reply) => {
      const userId = userOf(request);
      // The authenticator app shows the issuer's host beside the account.
      const started = await mfa.startTotp(userId, new URL(issuer).host);
      // Auth0's clients read the new method's id from the Location header and verify at `<location>/verify`.
      reply.header('location', `${issuer}${request.routeOptions.url}/${encodeURIComponent(started.id)}`);
      return reply.code(201).send({
        id: started.id,
        type: 'totp' as const,
        auth_session: authSessions.issue(userId, started.id),
        barcode_uri: started.uri,
        manual_input_code: started.secret,
      });
    },
  );

  app.post(
    '/authentication-methods/:authentication_method_id/verify',
    {
      // The enrolment was started after a recent login; its auth_session bounds how long it stays open.
      config: { myAccountScope: 'create:me:authentication_methods' },
      schema: {
        params: MethodParams,
        body: Verification,
        response: {
          200: Type.Intersect([
            AuthenticationMethodSchema,
            // Gatehouse's extension: the recovery codes a first enrolment creates, shown this once.
            Type.Object({ recovery_codes: Type.Optional(Type.Array(Type.String())) }),
          ]),
          ...problems(404),
        },
      },
    },
    async (request) => {
      const userId = userOf(request);
      const id = request.params.authentication_method_id;
      authSessions.check(userId, id, request.body.auth_session);
      const client = await services.clients.find(request.myAccount!.clientId);
      const { recoveryCodes } = await mfa.confirmTotp(
        attemptOf(request, client ? { client_id: client.client_id, name: client.name } : undefined),
        subjectOf(request),
        id,
        request.body.otp_code,
      );
      const method = toWire(await mfa.get(userId, id));
      return recoveryCodes.length > 0 ? { ...method, recovery_codes: recoveryCodes } : method;
    },
  );
};
