import { NS, childElements, elementsNamed, parseStrictXml, textOf } from './xml.js';

const REDIRECT_BINDING = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';

/** What the service provider needs from an IdP's metadata document. */
export interface IdpMetadata {
  entityId?: string;
  /** SingleSignOnService for the HTTP-Redirect binding (how we send AuthnRequests). */
  ssoUrl?: string;
  /** Base64 DER of every signing certificate (KeyDescriptor use="signing" or without `use`). */
  signingCerts: string[];
}

/**
 * Reads the first IdP EntityDescriptor (bare, or inside an EntitiesDescriptor). Metadata is
 * configuration the admin pasted, not a message: its own signature is not checked here.
 */
export function parseIdpMetadata(xml: string): IdpMetadata {
  const doc = parseStrictXml(xml);
  const descriptor = elementsNamed(doc, NS.metadata, 'IDPSSODescriptor')[0];
  if (!descriptor) throw new Error('metadata has no IDPSSODescriptor');
  const entity = descriptor.parentNode as Element | null;
  const entityId = entity?.getAttribute('entityID') || undefined;
  const ssoUrl =
    childElements(descriptor, NS.metadata, 'SingleSignOnService')
      .find((s) => s.getAttribute('Binding') === REDIRECT_BINDING)
      ?.getAttribute('Location') || undefined;
  const signingCerts = childElements(descriptor, NS.metadata, 'KeyDescriptor')
    .filter((k) => (k.getAttribute('use') || 'signing') === 'signing')
    .flatMap((k) => elementsNamed(k, NS.dsig, 'X509Certificate'))
    .map((c) => textOf(c))
    .filter((c): c is string => c !== undefined);
  return { entityId, ssoUrl, signingCerts };
}
