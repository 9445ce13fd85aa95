import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../domain/errors.js';
import type { Services } from '../domain/services.js';
import type { Wizard } from '../domain/self-service/self-service.types.js';
import type { FederatedProfile } from '../federation/profile.js';
import type { OAuthUpstream } from '../federation/federation.js';
import type { SamlServiceProvider } from '../federation/saml/index.js';
import { IDP_KINDS } from './idp-kinds.js';
import { messagePage } from './views/pages.js';

/**
 * The wizard's test sign-ins go out and come back through the same ACS URL and OIDC redirect URI
 * the IT admin registered: their RelayState (SAML) or state (OIDC) starts with this, which no
 * hosted login's interaction id can.
 */
export const TEST_SIGN_IN_PREFIX = 'self-service:';

export interface TestSignInDeps {
  services: Services;
  saml: SamlServiceProvider;
  oidc: OAuthUpstream;
  oidcRedirectUri: string;
}

const random = () => randomBytes(24).toString('base64url');

export function metaOf(request: FastifyRequest) {
  const userAgent = request.headers['user-agent'];
  return { ip: request.ip, ...(userAgent ? { userAgent } : {}) };
}

/** What the IdP asserted, as the wizard shows it: OIDC claim names, then the raw attributes. */
function claimsOf(profile: FederatedProfile): Record<string, unknown> {
  return {
    sub: profile.subject,
    email: profile.email,
    email_verified: profile.emailVerified,
    name: profile.name,
    given_name: profile.givenName,
    family_name: profile.familyName,
    groups: profile.groups,
    ...profile.attributes,
  };
}

/** A refusal by the IdP or of its answer is the test's outcome; anything else is an error of ours. */
function testFailure(error: unknown): string {
  if (error instanceof DomainError && (error.code.startsWith('saml_') || error.code.startsWith('idp_'))) return error.message;
  throw error;
}

/** Sends the browser to the IdP for a test sign-in (SAML AuthnRequest or OIDC authorization request). */
export async function startTestSignIn(deps: TestSignInDeps, wizard: Wizard, reply: FastifyReply) {
  const { selfServiceWizard } = deps.services;
  const connection = await selfServiceWizard.connection(wizard);
  const relay = `${TEST_SIGN_IN_PREFIX}${wizard.ticketId}`;
  if (IDP_KINDS[wizard.state.kind!].protocol === 'saml') {
    const { url, requestId } = await deps.saml.loginRedirect(connection, relay);
    await selfServiceWizard.startTest(wizard, { requestId });
    return reply.code(302).header('location', url).send();
  }
  const flow = { state: `${relay}.${random()}`, nonce: random(), codeVerifier: random() + random() };
  const url = await deps.oidc.authorizationUrl(connection, { redirectUri: deps.oidcRedirectUri, ...flow });
  await selfServiceWizard.startTest(wizard, flow);
  return reply.code(302).header('location', url).send();
}

/**
 * The SAML ACS for a test sign-in, reached through the login's ACS route. The IdP's cross-site POST
 * carries no cookie: the response is checked against the AuthnRequest the ticket named by RelayState
 * sent, its outcome kept on the ticket, and the wizard's page (where the cookie counts) shows it.
 */
export function createTestSignInAcs(deps: TestSignInDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const form = (request.body ?? {}) as Record<string, string | undefined>;
    const { connectionId } = request.params as { connectionId: string };
    const relay = form.RelayState ?? '';
    const { selfServiceWizard } = deps.services;
    let wizard: Wizard;
    try {
      wizard = await selfServiceWizard.awaitingTest(relay.slice(TEST_SIGN_IN_PREFIX.length));
      if (wizard.state.connectionId !== connectionId)
        throw new DomainError('sso_ticket_invalid', 'This response is for another connection.');
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'sso_ticket_invalid')) throw error;
      return reply
        .code(error.status)
        .type('text/html')
        .send(messagePage({ title: 'This test sign-in is not expected', message: error.message, reference: request.id }));
    }
    const connection = await selfServiceWizard.connection(wizard);
    const outcome = await deps.saml
      .validatePostedResponse(
        connection,
        { SAMLResponse: form.SAMLResponse ?? '', RelayState: relay },
        { expectedRequestId: wizard.state.pendingTest?.requestId ?? '' },
      )
      .then((profile) => ({ ok: true as const, claims: claimsOf(profile) }))
      .catch((error: unknown) => ({ ok: false as const, error: testFailure(error) }));
    await selfServiceWizard.recordTest(wizard, outcome, metaOf(request));
    return reply.code(303).header('location', '/self-service/setup/test').send();
  };
}

/** Back from an OIDC IdP (the login's callback passed it on): the test's outcome, then its page. */
export async function finishOidcTest(deps: TestSignInDeps, wizard: Wizard, request: FastifyRequest, reply: FastifyReply) {
  const { selfServiceWizard } = deps.services;
  const query = request.query as Record<string, string>;
  const pending = wizard.state.pendingTest;
  if (!pending?.state || query.state !== pending.state) {
    throw new DomainError('idp_state_mismatch', 'This sign-in response does not belong to this test. Start the test again.');
  }
  const connection = await selfServiceWizard.connection(wizard);
  const callback = new URL(deps.oidcRedirectUri);
  for (const [key, value] of Object.entries(query)) callback.searchParams.set(key, value);
  const outcome = await deps.oidc
    .completeCallback(connection, callback, {
      redirectUri: deps.oidcRedirectUri,
      state: pending.state,
      nonce: pending.nonce!,
      codeVerifier: pending.codeVerifier!,
    })
    .then((profile) => ({ ok: true as const, claims: claimsOf(profile) }))
    .catch((error: unknown) => ({ ok: false as const, error: testFailure(error) }));
  await selfServiceWizard.recordTest(wizard, outcome, metaOf(request));
  return reply.code(303).header('location', '/self-service/setup/test').send();
}
