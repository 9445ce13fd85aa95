import type { Clock } from '../../../domain/shared/clock.js';
import { invalidResponse, NOT_VERIFIED, unsolicitedResponse } from '../errors.js';
import { NS, childElements, onlyChild, parseStrictXml, textOf } from '../xml.js';

const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';

export interface AssertionExpectations {
  acsUrl: string;
  idpEntityId?: string;
  expectedRequestId: string;
  clock: Clock;
  skewMs: number;
}

/** What the replay cache needs from the verified assertion. */
export interface VerifiedAssertionFacts {
  assertionId: string;
  /** The latest NotOnOrAfter the assertion carries, plus skew: it stays single-use until then. */
  usableUntil: Date;
}

function time(element: Element, attribute: string): number | undefined {
  const value = element.getAttribute(attribute);
  if (!value) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`${element.localName}@${attribute} is not a date`);
  return ms;
}

function refuse(detail: string): never {
  throw invalidResponse(NOT_VERIFIED, new Error(detail));
}

/**
 * Step 5, after node-saml verified the signature: re-reads the SIGNED assertion bytes node-saml
 * returned (never the posted document) for what node-saml does not check — Issuer, bearer
 * Recipient, InResponseTo bound to this browser's request — and re-checks the time window against
 * our injectable clock (node-saml reads the system clock).
 */
export function checkAssertion(signedAssertionXml: string, expected: AssertionExpectations): VerifiedAssertionFacts {
  let assertion: Element;
  try {
    assertion = parseStrictXml(signedAssertionXml).documentElement;
  } catch (err) {
    throw invalidResponse(NOT_VERIFIED, err);
  }
  if (assertion.localName !== 'Assertion' || assertion.namespaceURI !== NS.assertion) refuse('signed element is not an Assertion');
  const now = expected.clock.now().getTime();
  const assertionId = assertion.getAttribute('ID');
  if (!assertionId) refuse('Assertion has no ID');

  const issuer = textOf(onlyChild(assertion, NS.assertion, 'Issuer'));
  if (expected.idpEntityId !== undefined && issuer !== expected.idpEntityId) {
    refuse(`Issuer ${issuer ?? '(none)'} is not ${expected.idpEntityId}`);
  }

  const subject = onlyChild(assertion, NS.assertion, 'Subject') ?? refuse('Assertion has no Subject');
  // saml-profiles §4.1.4.3: a bearer confirmation with Recipient, NotOnOrAfter and InResponseTo.
  const confirmations = childElements(subject, NS.assertion, 'SubjectConfirmation')
    .filter((c) => c.getAttribute('Method') === BEARER)
    .map((c) => onlyChild(c, NS.assertion, 'SubjectConfirmationData'))
    .filter((d): d is Element => d !== undefined);
  if (confirmations.length !== 1) refuse(`${confirmations.length} bearer SubjectConfirmationData elements`);
  const [data] = confirmations;
  if (data.getAttribute('Recipient') !== expected.acsUrl) refuse(`Recipient ${data.getAttribute('Recipient')} is not ${expected.acsUrl}`);
  if (data.getAttribute('InResponseTo') !== expected.expectedRequestId) {
    throw unsolicitedResponse(new Error(`assertion InResponseTo ${data.getAttribute('InResponseTo')} is not ${expected.expectedRequestId}`));
  }
  const confirmationEnd = time(data, 'NotOnOrAfter') ?? refuse('SubjectConfirmationData has no NotOnOrAfter');
  if (now - expected.skewMs >= confirmationEnd) refuse('SubjectConfirmationData expired');
  const confirmationStart = time(data, 'NotBefore');
  if (confirmationStart !== undefined && now + expected.skewMs < confirmationStart) refuse('SubjectConfirmationData not yet valid');

  const conditions = childElements(assertion, NS.assertion, 'Conditions');
  if (conditions.length > 1) refuse('several Conditions');
  let end = confirmationEnd;
  if (conditions.length === 1) {
    const notBefore = time(conditions[0], 'NotBefore');
    const notOnOrAfter = time(conditions[0], 'NotOnOrAfter');
    if (notBefore !== undefined && now + expected.skewMs < notBefore) refuse('assertion not yet valid');
    if (notOnOrAfter !== undefined && now - expected.skewMs >= notOnOrAfter) refuse('assertion expired');
    end = Math.max(end, notOnOrAfter ?? end);
  }
  return { assertionId, usableUntil: new Date(end + expected.skewMs) };
}
