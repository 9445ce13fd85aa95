import { randomBytes } from 'node:crypto';
import { SAML, ValidateInResponseTo, generateServiceProviderMetadata, type Profile, type SamlConfig } from '@node-saml/node-saml';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { Connection } from '../../domain/connections/connections.types.js';
import { DomainError } from '../../domain/errors.js';
import type { Clock } from '../../domain/shared/clock.js';
import type { FederatedProfile } from '../profile.js';
import { consumeAssertionId } from './assertion-replay.js';
import { toFederatedProfile } from './attribute-mapping.js';
import { checkAlgorithms } from './checks/check-algorithms.js';
import { checkAssertion } from './checks/check-assertion.js';
import { checkEnvelope } from './checks/check-envelope.js';
import { checkSolicited } from './checks/check-solicited.js';
import { decodeResponse } from './checks/decode-response.js';
import { invalidResponse, NOT_VERIFIED, replayedResponse } from './errors.js';
import { createRequestStore, REQUEST_TTL_MS } from './request-store.js';
import { readSamlSettings, type SamlSettings } from './settings.js';

/** Tolerated clock difference with the IdP. */
export const CLOCK_SKEW_MS = 60_000;
const UNSPECIFIED_NAMEID = 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified';

/** The part of a connection the service provider reads. */
export type SamlConnection = Pick<Connection, 'id' | 'strategy' | 'options'>;

/** What an IT admin pastes into Okta / Entra ID / Google Workspace for one connection. */
export interface SpValues {
  entityId: string;
  acsUrl: string;
  metadataUrl: string;
}

export interface SamlServiceProviderDeps {
  /** Gatehouse's public base URL (the OIDC issuer), without trailing slash. */
  issuer: string;
  db: Kysely<Database>;
  clock: Clock;
}

function newRequestId(): string {
  return `_${randomBytes(20).toString('hex')}`; // xs:ID must not start with a digit
}

/** SAML 2.0 Web SSO service provider for `samlp` connections (SP-initiated only). */
export function createSamlServiceProvider({ issuer, db, clock }: SamlServiceProviderDeps) {
  function spValues(connection: Pick<Connection, 'id'>): SpValues {
    return {
      entityId: `${issuer}/saml/${connection.id}`,
      acsUrl: `${issuer}/login/sso/saml/${connection.id}/acs`,
      metadataUrl: `${issuer}/saml/${connection.id}/metadata`,
    };
  }

  function samlFor(connection: SamlConnection, settings: SamlSettings, requestId?: string): SAML {
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
      cacheProvider: createRequestStore(db, clock, connection.id).cacheProvider,
      acceptedClockSkewMs: CLOCK_SKEW_MS,
      identifierFormat: UNSPECIFIED_NAMEID,
      // A RequestedAuthnContext of "password, exact" makes Entra ID refuse MFA and passwordless sign-ins.
      disableRequestedAuthnContext: true,
      signatureAlgorithm: 'sha256',
    };
    if (requestId) config.generateUniqueId = () => requestId;
    return new SAML(config);
  }

  /** SP metadata XML for the connection (served at `metadataUrl`). */
  function metadata(connection: Pick<Connection, 'id'>): string {
    const sp = spValues(connection);
    return generateServiceProviderMetadata({
      issuer: sp.entityId,
      callbackUrl: sp.acsUrl,
      identifierFormat: UNSPECIFIED_NAMEID,
      wantAssertionsSigned: true,
    });
  }

  /** Starts SP-initiated sign-in: the IdP URL carrying the AuthnRequest (HTTP-Redirect) and its id. */
  async function loginRedirect(connection: SamlConnection, relayState: string): Promise<{ url: string; requestId: string }> {
    const settings = readSamlSettings(connection);
    const requestId = newRequestId();
    const url = await samlFor(connection, settings, requestId).getAuthorizeUrlAsync(relayState, undefined, {});
    return { url, requestId };
  }

  async function verifyWithNodeSaml(saml: SAML, samlResponse: string): Promise<Profile> {
    try {
      const { profile } = await saml.validatePostResponseAsync({ SAMLResponse: samlResponse });
      if (!profile) throw new Error('no profile in response');
      return profile;
    } catch (err) {
      throw err instanceof DomainError ? err : invalidResponse(NOT_VERIFIED, err);
    }
  }

  /**
   * Verifies a POSTed SAMLResponse for the login that sent AuthnRequest `expectedRequestId`
   * and returns the asserted identity. Throws DomainError `saml_invalid_response`,
   * `saml_unsolicited_response`, `saml_replayed_response` or `saml_connection_misconfigured`.
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
    await checkSolicited(response, options.expectedRequestId, createRequestStore(db, clock, connection.id));
    const profile = await verifyWithNodeSaml(samlFor(connection, settings), body.SAMLResponse);
    const signedAssertion = profile.getAssertionXml?.();
    if (!signedAssertion) throw invalidResponse(NOT_VERIFIED, new Error('node-saml returned no assertion XML'));
    const facts = checkAssertion(signedAssertion, {
      acsUrl: sp.acsUrl, idpEntityId: settings.idpEntityId, expectedRequestId: options.expectedRequestId, clock, skewMs: CLOCK_SKEW_MS,
    });
    if (!await consumeAssertionId(db, clock, { connectionId: connection.id, assertionId: facts.assertionId }, facts.usableUntil)) {
      throw replayedResponse(new Error(`assertion ${facts.assertionId} was already used`));
    }
    if (typeof profile.nameID !== 'string' || profile.nameID.trim() === '') {
      throw invalidResponse(NOT_VERIFIED, new Error('assertion has no NameID'));
    }
    const attributes = (profile.attributes ?? {}) as Record<string, unknown>;
    return toFederatedProfile({ nameID: profile.nameID, nameIDFormat: profile.nameIDFormat }, attributes, settings.attributeMapping);
  }

  return { spValues, metadata, loginRedirect, validatePostedResponse };
}

export type SamlServiceProvider = ReturnType<typeof createSamlServiceProvider>;
