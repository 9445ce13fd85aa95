import { DomainError } from '../../../domain/errors.js';
import type { Clock } from '../../../domain/shared/clock.js';
import { invalidResponse, NOT_VERIFIED, type SamlRefusalReason } from '../errors.js';
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

function refuse(reason: SamlRefusalReason, detail: string): never {
  throw invalidResponse(NOT_VERIFIED, reason, detail);
}

function time(element: Element, attribute: string): number | undefined {
  const value = element.getAttribute(attribute);
  if (!value) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) refuse('malformed', `${element.localName}@${attribute} is not a date`);
  return ms;
}

function read(signedAssertionXml: string, expected: AssertionExpectations): VerifiedAssertionFacts {
  const assertion = parseStrictXml(signedAssertionXml).documentElement;
  if (assertion.localName !== 'Assertion' || assertion.namespaceURI !== NS.assertion)
    refuse('malformed', 'signed element is not an Assertion');
  const now = expected.clock.now().getTime();
  const assertionId = assertion.getAttribute('ID');
  if (!assertionId) refuse('malformed', 'Assertion has no ID');

  const issuer = textOf(onlyChild(assertion, NS.assertion, 'Issuer'));
  if (expected.idpEntityId !== undefined && issuer !== expected.idpEntityId) {
    refuse('issuer', `Issuer ${issuer?.slice(0, 200) ?? '(none)'} is not ${expected.idpEntityId}`);
  }

  const subject = onlyChild(assertion, NS.assertion, 'Subject') ?? refuse('malformed', 'Assertion has no Subject');
  // saml-profiles §4.1.4.3: a bearer confirmation with Recipient, NotOnOrAfter and InResponseTo.
  const confirmations = childElements(subject, NS.assertion, 'SubjectConfirmation')
    .filter((c) => c.getAttribute('Method') === BEARER)
    .map((c) => onlyChild(c, NS.assertion, 'SubjectConfirmationData'))
    .filter((d): d is Element => d !== undefined);
  if (confirmations.length !== 1) refuse('recipient', `${confirmations.length} bearer SubjectConfirmationData elements`);
  const [data] = confirmations;
  const recipient = data.getAttribute('Recipient');
  if (recipient !== expected.acsUrl) refuse('recipient', `Recipient ${recipient?.slice(0, 200) ?? '(none)'} is not ${expected.acsUrl}`);
  // The Response's InResponseTo matched this login (check-solicited); an assertion answering another is forged or mixed up.
  const inResponseTo = data.getAttribute('InResponseTo');
  if (inResponseTo !== expected.expectedRequestId) {
    refuse('in_response_to', `assertion InResponseTo ${inResponseTo?.slice(0, 100) ?? '(none)'} is not ${expected.expectedRequestId}`);
  }
  const confirmationEnd = time(data, 'NotOnOrAfter') ?? refuse('malformed', 'SubjectConfirmationData has no NotOnOrAfter');
  if (now - expected.skewMs >= confirmationEnd)
    refuse('time_window', `SubjectConfirmationData expired at ${new Date(confirmationEnd).toISOString()}`);
  const confirmationStart = time(data, 'NotBefore');
  if (confirmationStart !== undefined && now + expected.skewMs < confirmationStart) {
    refuse('time_window', `SubjectConfirmationData not valid before ${new Date(confirmationStart).toISOString()}`);
  }

  const conditions = childElements(assertion, NS.assertion, 'Conditions');
  if (conditions.length > 1) refuse('malformed', 'several Conditions');
  let end = confirmationEnd;
  if (conditions.length === 1) {
    const notBefore = time(conditions[0], 'NotBefore');
    const notOnOrAfter = time(conditions[0], 'NotOnOrAfter');
    if (notBefore !== undefined && now + expected.skewMs < notBefore)
      refuse('time_window', `assertion not valid before ${new Date(notBefore).toISOString()}`);
    if (notOnOrAfter !== undefined && now - expected.skewMs >= notOnOrAfter)
      refuse('time_window', `assertion expired at ${new Date(notOnOrAfter).toISOString()}`);
    end = Math.max(end, notOnOrAfter ?? end);
  }
  return { assertionId, usableUntil: new Date(end + expected.skewMs) };
}

/**
 * Step 5, after node-saml verified the signature: re-reads the SIGNED assertion bytes node-saml
 * returned (never the posted document) for what node-saml does not check — Issuer, bearer
 * Recipient, InResponseTo bound to this browser's request — and re-checks the time window against
 * our injectable clock (node-saml reads the system clock). Any unexpected shape is a refusal, not a 500.
 */
export function checkAssertion(signedAssertionXml: string, expected: AssertionExpectations): VerifiedAssertionFacts {
  try {
    return read(signedAssertionXml, expected);
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw invalidResponse(NOT_VERIFIED, 'malformed', 'the signed assertion has an unexpected shape', err);
  }
}
