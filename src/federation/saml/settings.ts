import type { Connection } from '../../domain/connections/connections.types.js';
import { mergeAttributeMapping, type AttributeMapping } from './attribute-mapping.js';
import { normalizeCertificates } from './certificates.js';
import { misconfigured } from './errors.js';
import { parseIdpMetadata, type IdpMetadata } from './idp-metadata.js';

/** A `samlp` connection's IdP settings, resolved from its options and metadata. */
export interface SamlSettings {
  /** The IdP's entity id; when known, the assertion's Issuer must equal it. */
  idpEntityId?: string;
  /** IdP SSO URL (HTTP-Redirect binding). */
  ssoUrl: string;
  /** Pinned IdP signing certificates (PEM); the only keys a response may be signed with. */
  signingCerts: string[];
  attributeMapping: AttributeMapping;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function readMetadata(xml: string | undefined): IdpMetadata | undefined {
  if (xml === undefined) return undefined;
  try {
    return parseIdpMetadata(xml);
  } catch (err) {
    throw misconfigured(`metadataXml unreadable: ${(err as Error).message}`);
  }
}

function certificates(options: Connection['options'], metadata: IdpMetadata | undefined): string[] {
  const listed = Array.isArray(options.signingCerts) ? options.signingCerts : [];
  const configured = [text(options.signingCert), ...listed.map(text)].filter((c): c is string => c !== undefined);
  const raw = configured.length > 0 ? configured : (metadata?.signingCerts ?? []);
  try {
    return [...new Set(raw.flatMap(normalizeCertificates))];
  } catch (err) {
    throw misconfigured(`signing certificate unreadable: ${(err as Error).message}`);
  }
}

/**
 * Explicit options win over metadata field by field (an admin may paste metadata and then
 * override the SSO URL). Throws `saml_connection_misconfigured` when SSO URL or certificate is missing.
 */
export function readSamlSettings(connection: Pick<Connection, 'id' | 'strategy' | 'options'>): SamlSettings {
  if (connection.strategy !== 'samlp') throw misconfigured(`connection ${connection.id} is not a samlp connection`);
  const { options } = connection;
  const metadata = readMetadata(text(options.metadataXml));
  const ssoUrl = text(options.signInEndpoint) ?? metadata?.ssoUrl;
  const signingCerts = certificates(options, metadata);
  if (!ssoUrl) throw misconfigured(`connection ${connection.id} has no signInEndpoint`);
  if (signingCerts.length === 0) throw misconfigured(`connection ${connection.id} has no signing certificate`);
  return {
    idpEntityId: text(options.entityId) ?? metadata?.entityId,
    ssoUrl,
    signingCerts,
    attributeMapping: mergeAttributeMapping(options.attributeMapping ?? options.fieldsMap),
  };
}
