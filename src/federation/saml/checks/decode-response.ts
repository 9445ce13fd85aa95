import { invalidResponse, NOT_VERIFIED } from '../errors.js';
import { parseStrictXml } from '../xml.js';

/** Largest SAMLResponse form value accepted, base64 characters (real IdP responses are 5–30 KB). */
export const MAX_RESPONSE_BASE64 = 256 * 1024;
const BASE64 = /^[A-Za-z0-9+/\r\n]+={0,2}[\r\n]*$/;

/** Step 1: size limit, strict base64, strict XML without DTD. Returns the parsed document. */
export function decodeResponse(samlResponse: unknown): Document {
  if (typeof samlResponse !== 'string' || samlResponse === '') {
    throw invalidResponse('The sign-in response is missing.', 'malformed', 'no SAMLResponse in the form');
  }
  if (samlResponse.length > MAX_RESPONSE_BASE64) {
    throw invalidResponse('The sign-in response is too large.', 'too_large', `SAMLResponse is ${samlResponse.length} characters`);
  }
  if (!BASE64.test(samlResponse)) throw invalidResponse(NOT_VERIFIED, 'malformed', 'SAMLResponse is not base64');
  try {
    return parseStrictXml(Buffer.from(samlResponse, 'base64').toString('utf8'));
  } catch (err) {
    // The parser's message may quote the document: the log gets a fixed detail.
    throw invalidResponse(NOT_VERIFIED, 'malformed', 'SAMLResponse is not well-formed XML without a DTD', err);
  }
}
