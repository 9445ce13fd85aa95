import type { FastifyReply, FastifyRequest } from 'fastify';
import { type TObject, Type } from 'typebox';
import type { LoginContext, LoginDeps } from './interaction.js';
import { EmptyForm } from './forms.js';
import * as mfa from './steps/mfa.js';
import * as mfaEmail from './steps/mfa-email.js';
import * as webauthn from './steps/webauthn.js';

type StepHandler = (deps: LoginDeps, ctx: LoginContext, request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/** One page of the second-factor steps: what its GET shows, what its POST takes (with the body's schema). */
export interface MfaRoute {
  path: string;
  show?: StepHandler;
  submit?: { body?: TObject; run: StepHandler };
}

const Code = Type.Object({ code: Type.String({ maxLength: 64 }), _csrf: Type.String({ maxLength: 128 }) });
// A WebAuthn response as JSON text: a few kilobytes at most (the attestation of a security key is the largest part).
const Credential = Type.Object({ credential: Type.String({ minLength: 1, maxLength: 16_384 }), _csrf: Type.String({ maxLength: 128 }) });

const code = (request: FastifyRequest) => (request.body as { code: string }).code;
const credential = (request: FastifyRequest) => (request.body as { credential: string }).credential;

/**
 * The second-factor steps (steps/mfa.ts, steps/webauthn.ts, steps/mfa-email.ts) under /login/:uid,
 * in one table: the challenge and its answers (an app's code, a security key or passkey, an emailed
 * code — sent, and sent again, by its own POST —, a recovery code), the
 * enrolments the policy asks for, and the step after the recovery codes were shown.
 */
export const MFA_ROUTES: readonly MfaRoute[] = [
  {
    path: '/mfa',
    show: (deps, ctx, _request, reply) => mfa.showChallenge(deps, ctx, reply),
    submit: { body: Code, run: (deps, ctx, request, reply) => mfa.submitChallenge(deps, ctx, request, reply, code(request)) },
  },
  {
    path: '/mfa/webauthn',
    submit: {
      body: Credential,
      run: (deps, ctx, request, reply) => webauthn.submitKeyChallenge(deps, ctx, request, reply, credential(request)),
    },
  },
  {
    path: '/mfa/email/send',
    submit: { body: EmptyForm, run: (deps, ctx, request, reply) => mfaEmail.sendEmailCode(deps, ctx, request, reply) },
  },
  {
    path: '/mfa/email',
    show: async (_deps, ctx, _request, reply) => mfaEmail.showEmailCode(ctx, reply),
    submit: { body: Code, run: (deps, ctx, request, reply) => mfaEmail.submitEmailCode(deps, ctx, request, reply, code(request)) },
  },
  {
    path: '/mfa/recovery',
    show: async (_deps, ctx, _request, reply) => mfa.showRecovery(ctx, reply),
    submit: { body: Code, run: (deps, ctx, request, reply) => mfa.submitRecovery(deps, ctx, request, reply, code(request)) },
  },
  {
    path: '/mfa/enrol',
    show: (deps, ctx, _request, reply) => mfa.showEnrol(deps, ctx, reply),
    submit: { body: Code, run: (deps, ctx, request, reply) => mfa.submitEnrol(deps, ctx, request, reply, code(request)) },
  },
  ...(['security-key', 'passkey'] as const).map(
    (kind): MfaRoute => ({
      path: `/mfa/enrol/${kind}`,
      show: (deps, ctx, _request, reply) => webauthn.showKeyEnrol(deps, ctx, reply, kind),
      submit: {
        body: Credential,
        run: (deps, ctx, request, reply) => webauthn.submitKeyEnrol(deps, ctx, request, reply, kind, credential(request)),
      },
    }),
  ),
  {
    path: '/mfa/done',
    submit: { run: (deps, ctx, request, reply) => mfa.afterRecoveryCodes(deps, ctx, request, reply) },
  },
];

/** The passkey sign-in's body: the assertion as JSON text. */
export const PasskeyBody = Credential;
export const passkeyCredential = credential;
