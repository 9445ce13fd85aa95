import { invalidResponse, NOT_VERIFIED } from '../errors.js';
import { parseStrictXml } from '../xml.js';

/** Largest SAMLResponse form value accepted, base64 characters (real IdP responses are 5–30 KB). */
export const MAX_RESPONSE_BASE64 = 256 * 1024;
const BASE64 = /^[A-Za-z0-9+/\r\n]+={0,2}[\r\n]*$/;

/** Step 1: size limit, strict base64, strict XML without DTD. Returns the parsed document. */
export function decodeResponse(samlResponse: unknown): Document {
  if (typeof samlResponse !== 'string' || samlResponse === '') {
    throw invalidResponse('The sign-in response is missing.');
  }
  if (samlResponse.length > MAX_RESPONSE_BASE64) {
    throw invalidResponse('The sign-in response is too large.', new Error(`SAMLResponse is ${samlResponse.length} chars`));
  }
  if (!BASE64.test(samlResponse)) throw invalidResponse(NOT_VERIFIED, new Error('SAMLResponse is not base64'));
  try {
    return parseStrictXml(Buffer.from(samlResponse, 'base64').toString('utf8'));
  } catch (err) {
    throw invalidResponse(NOT_VERIFIED, err);
  }
}
