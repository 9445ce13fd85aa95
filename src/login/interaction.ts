import { createHmac, timingSafeEqual } from 'node:crypto';
import { fail } from '../domain/errors.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import type { Services } from '../domain/services.js';
import type { Client } from '../domain/clients/clients.types.js';
import type { Organization } from '../domain/organizations/organizations.types.js';
import type { PageBranding } from '../shared/pages/layout.js';
import type { FederatedProfile } from '../federation/profile.js';
import type { Federation } from '../federation/federation.js';
import type { ProviderPort } from './provider-port.js';
import type { LoginConnection } from '../domain/sign-in/login-connections.js';

/** What the hosted login remembers between its pages, stored on oidc-provider's Interaction. */
export interface LoginState {
  /** Organization checks and invitation were evaluated for this interaction. */
  started?: boolean;
  organizationId?: string;
  invitationId?: string;
  invitationTicket?: string;
  email?: string;
  /** Auth0's `connection` parameter: the connection the application asked to sign in with (skips the choice). */
  connectionId?: string;
  /** The enterprise connection home realm discovery chose: usable even when not enabled for the application. */
  homeRealmConnectionId?: string;
  /** The user proved who they are and now picks an organization (post_login_prompt) or proves a second factor. */
  authenticated?: {
    userId: string;
    connectionId?: string;
    connection?: LoginConnection;
    amr?: string[];
    isNewLogin?: boolean;
    admitted?: boolean;
  };
  /** A TOTP enrolment under way during this login: its unconfirmed method. */
  mfaEnrolment?: { methodId: string };
  /** Emailed codes were sent during this login (steps/mfa-email.ts): where to (masked), and how many times. */
  mfaEmail?: { maskedEmail: string; sends: number };
  /** An enterprise login under way: the IdP round trip's secrets, then (SAML) the validated profile. */
  federation?: {
    connectionId: string;
    requestId?: string;
    state?: string;
    nonce?: string;
    codeVerifier?: string;
    profile?: FederatedProfile;
  };
  /** A refusal already explained to the person; sent to the application on continue. */
  refusal?: { error: string; description: string; code?: string };
}

type Details = Awaited<ReturnType<Provider['interactionDetails']>>;

/** One interaction being served: its details, state, client and organization. */
export interface LoginContext {
  uid: string;
  details: Details;
  state: LoginState;
  client: Client;
  organization?: Organization;
  params: Record<string, unknown>;
  csrf: string;
  branding: PageBranding;
  /** This request is the interaction's first page view. */
  firstVisit?: boolean;
}

export interface LoginDeps {
  provider: ProviderPort;
  services: Services;
  csrfSecret: string;
  /** Link to the password reset page for this interaction, when email delivery is set up. */
  passwordResetHref?: (ctx: LoginContext) => string | undefined;
  /** SAML and upstream OIDC for enterprise connections. */
  federation?: Federation;
  /**
   * Sign-ins another surface starts through the same ACS and OIDC redirect URI (the self-service
   * SSO wizard's test): a RelayState or state beginning with `prefix` is theirs, not an interaction's.
   */
  testSignIns?: {
    prefix: string;
    acceptSaml(request: FastifyRequest, reply: FastifyReply): Promise<unknown>;
    /** Where the OIDC callback sends the browser on, with the IdP's query. */
    oidcCallbackPath: string;
  };
}

/** CSRF token bound to the interaction: only a page we rendered for this uid can post to it. */
export function csrfToken(secret: string, uid: string): string {
  return createHmac('sha256', secret).update(`csrf:${uid}`).digest('base64url');
}

export function csrfValid(secret: string, uid: string, submitted: unknown): boolean {
  if (typeof submitted !== 'string') return false;
  const expected = Buffer.from(csrfToken(secret, uid));
  const actual = Buffer.from(submitted);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export function brandingOf(org: Organization | undefined): PageBranding {
  if (!org) return {};
  return {
    displayName: org.display_name ?? org.name,
    logoUrl: org.branding?.logo_url,
    primaryColor: org.branding?.colors?.primary,
    pageBackground: org.branding?.colors?.page_background,
  };
}

/** Loads the interaction (oidc-provider checks its cookie against the uid) and our state for it. */
export async function loadLogin(deps: LoginDeps, request: FastifyRequest, reply: FastifyReply): Promise<LoginContext> {
  const details = await deps.provider.interactionDetails(request.raw, reply.raw);
  const result = (details.result ?? {}) as { gatehouse?: LoginState };
  const state = result.gatehouse ?? {};
  const params = details.params as Record<string, unknown>;
  // The cached read: every login step loads the application, and it changes rarely.
  const client = await deps.services.clients.find(String(params.client_id));
  if (!client) fail('inexistent_client', 'The application of this login no longer exists.');
  const organization = state.organizationId ? await deps.services.signIn.findOrganization(state.organizationId) : undefined;
  return {
    uid: details.uid,
    details,
    state,
    client,
    organization,
    params,
    csrf: csrfToken(deps.csrfSecret, details.uid),
    branding: brandingOf(organization),
  };
}

/** Persists the state on the interaction without finishing it. */
export async function saveState(ctx: LoginContext, patch: Partial<LoginState>): Promise<void> {
  Object.assign(ctx.state, patch);
  ctx.details.result = { ...(ctx.details.result ?? {}), gatehouse: ctx.state };
  const ttl = Math.max(1, ctx.details.exp - Math.floor(Date.now() / 1000));
  await ctx.details.save(ttl);
}
