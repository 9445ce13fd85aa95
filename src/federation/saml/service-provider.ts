import { randomBytes } from 'node:crypto';
import type { Profile, SAML, SamlConfig } from '@node-saml/node-saml';
import type { Connection } from '../../domain/connections/connections.types.js';
import { DomainError } from '../../domain/errors.js';
import type { SamlStore } from '../../domain/protocol-store/protocol-store.service.js';
import type { Clock } from '../../domain/shared/clock.js';
import type { FederatedProfile } from '../profile.js';
import { toFederatedProfile } from './attribute-mapping.js';
import { checkAlgorithms } from './checks/check-algorithms.js';
import { checkAssertion } from './checks/check-assertion.js';
import { checkEnvelope } from './checks/check-envelope.js';
import { checkSolicited } from './checks/check-solicited.js';
import { decodeResponse } from './checks/decode-response.js';
import { expiredRequest, invalidResponse, NOT_VERIFIED, replayedResponse, unsolicitedResponse } from './errors.js';
import { NS, childElements, parseStrictXml, textOf } from './xml.js';
import { createRequestStore, REQUEST_TTL_MS } from './request-store.js';
import { readSamlSettings, type SamlSettings } from './settings.js';

// Loaded on first use: node-saml and its XML signature and encryption libraries cost about a
// quarter of a second of every process's start-up, for connections many deployments never add.
let library: Promise<typeof import('@node-saml/node-saml')> | undefined;
const nodeSaml = () => (library ??= import('@node-saml/node-saml'));

/** Tolerated clock difference with the IdP. */
export const CLOCK_SKEW_MS = 60_000;
/**
 * The one NameID format Gatehouse asks for (AuthnRequest NameIDPolicy), publishes (SP metadata) and
 * tells admins to configure (`GET /connections/{id}/saml-sp`): the email address, as Auth0's SP metadata.
 */
export const NAMEID_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';

/** The part of a connection the service provider reads. */
export type SamlConnection = Pick<Connection, 'id' | 'strategy' | 'options'>;

/** What an IT admin pastes into Okta / Entra ID / Google Workspace for one connection. */
export interface SpValues {
  entityId: string;
  acsUrl: string;
  metadataUrl: string;
  nameIdFormat: string;
}

export interface SamlServiceProviderDeps {
  /** Gatehouse's public base URL (the OIDC issuer), without trailing slash. */
  issuer: string;
  /** The AuthnRequests awaiting their response and the assertion ids already used (src/domain/protocol-store). */
  store: SamlStore;
  clock: Clock;
}

/** The diagnosis pass checks no InResponseTo, so it needs no request store. */
const NO_CACHE: SamlConfig['cacheProvider'] = {
  saveAsync: async () => null,
  getAsync: async () => null,
  removeAsync: async () => null,
};

/** The Audience values of each AudienceRestriction in the assertion's Conditions. */
function audiencesOf(assertionXml: string): string[][] {
  const assertion = parseStrictXml(assertionXml).documentElement;
  return childElements(assertion, NS.assertion, 'Conditions')
    .flatMap((c) => childElements(c, NS.assertion, 'AudienceRestriction'))
    .map((r) => childElements(r, NS.assertion, 'Audience').map((a) => textOf(a) ?? ''));
}

function newRequestId(): string {
  return `_${randomBytes(20).toString('hex')}`; // xs:ID must not start with a digit
}

/** SAML 2.0 Web SSO service provider for `samlp` connections (SP-initiated only). */
export function createSamlServiceProvider({ issuer, store, clock }: SamlServiceProviderDeps) {
  function spValues(connection: Pick<Connection, 'id'>): SpValues {
    return {
      entityId: `${issuer}/saml/${connection.id}`,
      acsUrl: `${issuer}/login/sso/saml/${connection.id}/acs`,
      metadataUrl: `${issuer}/saml/${connection.id}/metadata`,
      nameIdFormat: NAMEID_FORMAT,
    };
  }

  async function samlFor(connection: SamlConnection, settings: SamlSettings, overrides: Partial<SamlConfig> = {}): Promise<SAML> {
    const { SAML, ValidateInResponseTo } = await nodeSaml();
    const sp = spValues(connection);
    const config: SamlConfig = {
      issuer: sp.entityId,
      audience: sp.entityId,
      callbackUrl: sp.acsUrl,
      entryPoint: settings.ssoUrl,
      idpCert: settings.signingCerts, // pinned: KeyInfo in the message is never used to pick a key
      // Either the assertion or the whole response must carry a valid signature by a pinned key;
      // node-saml then reads the assertion from the signed bytes only.
      wantAssertionsSigned: false,
      wantAuthnResponseSigned: false,
      validateInResponseTo: ValidateInResponseTo.always,
      requestIdExpirationPeriodMs: REQUEST_TTL_MS,
      cacheProvider: createRequestStore(store, clock, connection.id).cacheProvider,
      acceptedClockSkewMs: CLOCK_SKEW_MS,
      identifierFormat: NAMEID_FORMAT,
      // A RequestedAuthnContext of "password, exact" makes Entra ID refuse MFA and passwordless sign-ins.
      disableRequestedAuthnContext: true,
      signatureAlgorithm: 'sha256',
    };
    return new SAML({ ...config, ...overrides });
  }

  /** SP metadata XML for the connection (served at `metadataUrl`). */
  async function metadata(connection: Pick<Connection, 'id'>): Promise<string> {
    const sp = spValues(connection);
    return (await nodeSaml()).generateServiceProviderMetadata({
      issuer: sp.entityId,
      callbackUrl: sp.acsUrl,
      identifierFormat: NAMEID_FORMAT,
      wantAssertionsSigned: true,
    });
  }

  /** Starts SP-initiated sign-in: the IdP URL carrying the AuthnRequest (HTTP-Redirect) and its id. */
  async function loginRedirect(connection: SamlConnection, relayState: string): Promise<{ url: string; requestId: string }> {
    const settings = readSamlSettings(connection);
    const requestId = newRequestId();
    const sp = await samlFor(connection, settings, { generateUniqueId: () => requestId });
    const url = await sp.getAuthorizeUrlAsync(relayState, undefined, {});
    return { url, requestId };
  }

  /**
   * node-saml refused the response: which check? For the log only (the response stays refused). A
   * second verification without the audience and time checks tells a signature no pinned key
   * verifies from a signed response meant for another audience or outside its time window.
   */
  async function diagnoseRefusal(
    connection: SamlConnection,
    settings: SamlSettings,
    samlResponse: string,
    refusal: unknown,
  ): Promise<DomainError> {
    const said = refusal instanceof Error ? refusal.message.slice(0, 120) : 'no profile';
    const relaxed = await samlFor(connection, settings, {
      audience: false,
      acceptedClockSkewMs: -1,
      validateInResponseTo: (await nodeSaml()).ValidateInResponseTo.never,
      cacheProvider: NO_CACHE,
    });
    let assertionXml: string | undefined;
    try {
      assertionXml = (await relaxed.validatePostResponseAsync({ SAMLResponse: samlResponse })).profile?.getAssertionXml?.();
    } catch {
      assertionXml = undefined;
    }
    if (!assertionXml) {
      return invalidResponse(
        NOT_VERIFIED,
        'signature',
        `no certificate pinned for the connection verifies the response (${said})`,
        refusal,
      );
    }
    const expected = spValues(connection).entityId;
    let audiences: string[][];
    try {
      audiences = audiencesOf(assertionXml);
    } catch {
      return invalidResponse(NOT_VERIFIED, 'malformed', `the signed assertion has an unexpected shape (${said})`, refusal);
    }
    if (audiences.length === 0 || audiences.some((list) => !list.includes(expected))) {
      return invalidResponse(
        NOT_VERIFIED,
        'audience',
        `Audience ${audiences.flat().join(', ').slice(0, 200) || '(none)'} is not ${expected}`,
        refusal,
      );
    }
    return invalidResponse(
      NOT_VERIFIED,
      'time_window',
      `outside its time window with ${CLOCK_SKEW_MS / 1000}s of clock skew (${said})`,
      refusal,
    );
  }

  async function verifyWithNodeSaml(connection: SamlConnection, settings: SamlSettings, samlResponse: string): Promise<Profile> {
    let profile: Profile | null;
    try {
      ({ profile } = await (await samlFor(connection, settings)).validatePostResponseAsync({ SAMLResponse: samlResponse }));
    } catch (err) {
      throw err instanceof DomainError ? err : await diagnoseRefusal(connection, settings, samlResponse, err);
    }
    if (!profile) throw invalidResponse(NOT_VERIFIED, 'malformed', 'node-saml returned no profile (a logout or NoPassive response)');
    return profile;
  }

  /**
   * Verifies a POSTed SAMLResponse for the login that sent AuthnRequest `expectedRequestId`
   * and returns the asserted identity. Throws DomainError `saml_invalid_response`,
   * `saml_unsolicited_response`, `saml_request_expired`, `saml_replayed_response` or
   * `saml_connection_misconfigured`, each with a SamlCheckFailure cause naming the failed check.
   */
  async function validatePostedResponse(
    connection: SamlConnection,
    body: { SAMLResponse: string; RelayState?: string },
    options: { expectedRequestId: string },
  ): Promise<FederatedProfile> {
    const settings = readSamlSettings(connection);
    const sp = spValues(connection);
    const doc = decodeResponse(body.SAMLResponse);
    checkAlgorithms(doc);
    const response = checkEnvelope(doc, { acsUrl: sp.acsUrl });
    await checkSolicited(response, options.expectedRequestId, createRequestStore(store, clock, connection.id));
    const profile = await verifyWithNodeSaml(connection, settings, body.SAMLResponse);
    const signedAssertion = profile.getAssertionXml?.();
    if (!signedAssertion) throw invalidResponse(NOT_VERIFIED, 'malformed', 'node-saml returned no assertion XML');
    const facts = checkAssertion(signedAssertion, {
      acsUrl: sp.acsUrl,
      idpEntityId: settings.idpEntityId,
      expectedRequestId: options.expectedRequestId,
      clock,
      skewMs: CLOCK_SKEW_MS,
    });
    if (!(await store.consumeAssertionId({ connectionId: connection.id, assertionId: facts.assertionId }, facts.usableUntil))) {
      throw replayedResponse(`assertion ${facts.assertionId.slice(0, 100)} was already used`);
    }
    if (typeof profile.nameID !== 'string' || profile.nameID.trim() === '') {
      throw invalidResponse(NOT_VERIFIED, 'malformed', 'assertion has no NameID');
    }
    const attributes = (profile.attributes ?? {}) as Record<string, unknown>;
    return toFederatedProfile({ nameID: profile.nameID, nameIDFormat: profile.nameIDFormat }, attributes, settings.attributeMapping);
  }

  /**
   * The refusal of a response no sign-in in progress awaits (`detail` says why), from its unverified
   * InResponseTo, which only picks the page and the logged reason: none → IdP-initiated; a request
   * already answered → a replay (the back button re-posting the IdP's form); else an expired request.
   */
  async function refusalForUnawaited(connection: Pick<Connection, 'id'>, samlResponse: unknown, detail: string): Promise<DomainError> {
    let inResponseTo: string | undefined;
    try {
      inResponseTo = decodeResponse(samlResponse).documentElement.getAttribute('InResponseTo') || undefined;
    } catch (err) {
      if (err instanceof DomainError) return err;
      throw err;
    }
    if (!inResponseTo) return unsolicitedResponse(`${detail}; the response has no InResponseTo`);
    const state = await createRequestStore(store, clock, connection.id).state(inResponseTo);
    const answers = `${detail}; it answers request ${inResponseTo.slice(0, 100)}`;
    return state === 'consumed'
      ? replayedResponse(`${answers}, already answered`)
      : expiredRequest('expired_request', `${answers}, ${state}`);
  }

  return { spValues, metadata, loginRedirect, validatePostedResponse, refusalForUnawaited };
}

export type SamlServiceProvider = ReturnType<typeof createSamlServiceProvider>;
