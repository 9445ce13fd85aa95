import type { FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import { DomainError } from '../../domain/errors.js';
import { refusalReason } from '../../federation/saml/errors.js';
import type { LoginDeps, LoginState } from '../interaction.js';
import type { Client } from '../../domain/clients/clients.types.js';
import { attemptOf } from '../attempt.js';
import { messagePage } from '../views/pages.js';

const AGAIN = 'Go back to the application and sign in again.';

/** Each SAML refusal's page: what happened (the error's message) under a title that names it, and what to do. */
const PAGES: Record<string, { title: string; hint: string }> = {
  saml_invalid_response: {
    title: 'We could not verify your sign-in',
    hint: `${AGAIN} If this keeps happening, give your administrator the reference below.`,
  },
  saml_replayed_response: { title: 'This sign-in response was already used', hint: AGAIN },
  saml_request_expired: { title: 'This sign-in has expired', hint: AGAIN },
  saml_unsolicited_response: {
    title: 'Start signing in from the application',
    hint: 'Open the application and choose to sign in with your company account there.',
  },
  saml_connection_misconfigured: { title: 'Single sign-on is not set up correctly', hint: 'Give your administrator the reference below.' },
};

/**
 * Logs why a SAML sign-in was refused — at warn, with the connection and request ids, the error code
 * and the failed check; never the response, the assertion or its values — records it (`f`, with the
 * code and the failed check) and shows its page.
 */
export async function refuseSaml(
  deps: LoginDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  about: { connectionId?: string; client?: Client; email?: string; organizationId?: string },
  error: DomainError,
) {
  const { connectionId } = about;
  const { reason, detail } = refusalReason(error);
  request.log.warn(
    { connection_id: connectionId ?? null, request_id: request.id, code: error.code, reason, detail },
    'SAML sign-in refused',
  );
  await deps.services.signIn.refused(
    attemptOf(request, about.client),
    error,
    { connection: connectionId ? { id: connectionId } : undefined, email: about.email, organizationId: about.organizationId },
    { reason },
  );
  const page = PAGES[error.code] ?? PAGES.saml_invalid_response;
  return reply
    .code(error.status)
    .type('text/html')
    .send(
      messagePage({
        title: page.title,
        message: error.message,
        hint: page.hint,
        branding: {},
        reference: request.id,
      }),
    );
}

/**
 * The SAML ACS. The IdP's cross-site POST carries no cookie, so the response is checked against the
 * AuthnRequest the interaction named by RelayState sent, parked on it, and finished by a GET where
 * the cookie counts.
 */
export async function acceptSamlResponse(deps: LoginDeps, request: FastifyRequest, reply: FastifyReply) {
  const form = (request.body ?? {}) as Record<string, string | undefined>;
  const { connectionId } = request.params as { connectionId: string };
  const saml = deps.federation?.saml;
  if (!saml) throw new DomainError('connection_not_enabled', 'SAML sign-in is not available on this server.');
  let interaction: InstanceType<Provider['Interaction']> | undefined;
  let state: LoginState | undefined;
  try {
    const uid = form.RelayState ?? '';
    interaction = /^[A-Za-z0-9_-]{1,64}$/.test(uid) ? await deps.provider.Interaction.find(uid) : undefined;
    state = (interaction?.result as { gatehouse?: LoginState } | undefined)?.gatehouse;
    const pending = state?.federation;
    // A response no sign-in in progress awaits (its login finished, expired, or never started here).
    if (!interaction || !state) {
      throw await saml.refusalForUnawaited(
        { id: connectionId },
        form.SAMLResponse,
        uid ? 'RelayState names no sign-in in progress' : 'no RelayState',
      );
    }
    if (!pending?.requestId || pending.connectionId !== connectionId) {
      throw await saml.refusalForUnawaited(
        { id: connectionId },
        form.SAMLResponse,
        `the sign-in in progress awaits ${pending?.requestId ? `connection ${pending.connectionId}` : 'no SAML response'}`,
      );
    }
    const connection = await deps.services.connections.get(connectionId);
    const profile = await saml.validatePostedResponse(
      connection,
      { SAMLResponse: form.SAMLResponse ?? '', RelayState: uid },
      { expectedRequestId: pending.requestId },
    );
    state.federation = { connectionId, profile };
    interaction.result = { ...(interaction.result ?? {}), gatehouse: state };
    await interaction.save(Math.max(1, interaction.exp - Math.floor(Date.now() / 1000)));
    return reply.code(303).header('location', `/login/${uid}/sso/saml/finish`).send();
  } catch (error) {
    if (!(error instanceof DomainError && error.code.startsWith('saml_'))) throw error;
    // The sign-in the response claims to answer, when there is one: its application and organization.
    const clientId = interaction?.params.client_id;
    const client = typeof clientId === 'string' ? await deps.services.clients.find(clientId) : undefined;
    return refuseSaml(deps, request, reply, { connectionId, client, email: state?.email, organizationId: state?.organizationId }, error);
  }
}
