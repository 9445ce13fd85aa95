import { invalidResponse, NOT_VERIFIED } from '../errors.js';
import { NS, elementsNamed, onlyChild } from '../xml.js';

const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';

/** The top-level StatusCode and, when present, the second-level one that says why. */
function statusOf(response: Element): { code?: string; reason?: string } {
  const status = onlyChild(response, NS.protocol, 'Status');
  const code = status && onlyChild(status, NS.protocol, 'StatusCode');
  const nested = code && onlyChild(code, NS.protocol, 'StatusCode');
  return { code: code?.getAttribute('Value') ?? undefined, reason: nested?.getAttribute('Value') ?? undefined };
}

/**
 * Step 3, before any signature is verified: the document has the one shape we accept. Every past
 * Node SAML bypass made the verifier and the reader look at different nodes; refusing any second
 * Assertion, any encrypted one and any Signature outside its two legal places leaves one node to look at.
 */
export function checkEnvelope(doc: Document, expected: { acsUrl: string }): Element {
  const response = doc.documentElement;
  if (response.localName !== 'Response' || response.namespaceURI !== NS.protocol) {
    throw invalidResponse(NOT_VERIFIED, 'malformed', `root element is ${response.tagName.slice(0, 100)}, not samlp:Response`);
  }
  let status: { code?: string; reason?: string };
  try {
    status = statusOf(response);
  } catch (err) {
    throw invalidResponse(NOT_VERIFIED, 'malformed', 'the Status is not one StatusCode', err);
  }
  if (status.code !== SUCCESS) {
    // The status is unsigned prose from the IdP (e.g. the user is not assigned to the app): show its name only.
    const last = (status.reason ?? status.code ?? '').split(':').pop() ?? '';
    const reason = /^[A-Za-z]{1,64}$/.test(last) ? last : 'unknown';
    throw invalidResponse(
      `Your identity provider did not sign you in (${reason}).`,
      'idp_status',
      `SAML status ${(status.code ?? '(none)').slice(0, 100)} ${(status.reason ?? '').slice(0, 100)}`,
    );
  }

  // Matched by local name in any namespace: a look-alike in another namespace is still refused.
  const assertions = elementsNamed(doc, null, 'Assertion');
  const encrypted = elementsNamed(doc, null, 'EncryptedAssertion');
  if (assertions.length !== 1 || encrypted.length !== 0) {
    throw invalidResponse(NOT_VERIFIED, 'malformed', `${assertions.length} Assertion and ${encrypted.length} EncryptedAssertion elements`);
  }
  const [assertion] = assertions;
  if (assertion.parentNode !== response || assertion.namespaceURI !== NS.assertion) {
    throw invalidResponse(NOT_VERIFIED, 'malformed', 'the Assertion is not a direct child of the Response');
  }
  for (const signature of elementsNamed(doc, null, 'Signature')) {
    if (signature.parentNode !== response && signature.parentNode !== assertion) {
      throw invalidResponse(
        NOT_VERIFIED,
        'malformed',
        `a Signature sits inside ${(signature.parentNode as Element).tagName.slice(0, 100)}`,
      );
    }
  }

  // saml-bindings §3.5.5.2: a signed message must name where it was sent.
  const destination = response.getAttribute('Destination');
  if (destination && destination !== expected.acsUrl) {
    throw invalidResponse(NOT_VERIFIED, 'destination', `Destination ${destination.slice(0, 200)} is not ${expected.acsUrl}`);
  }
  return response;
}
