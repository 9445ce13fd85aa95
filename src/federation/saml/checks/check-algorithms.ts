import { invalidResponse, NOT_VERIFIED } from '../errors.js';
import { NS, elementsNamed } from '../xml.js';

const DSIG_MORE = 'http://www.w3.org/2001/04/xmldsig-more#';
const XMLENC = 'http://www.w3.org/2001/04/xmlenc#';

/** SHA-2 only: SHA-1 signatures and digests are refused (collisions are practical). */
const SIGNATURE_METHODS = new Set([
  `${DSIG_MORE}rsa-sha256`,
  `${DSIG_MORE}rsa-sha384`,
  `${DSIG_MORE}rsa-sha512`,
  `${DSIG_MORE}ecdsa-sha256`,
  `${DSIG_MORE}ecdsa-sha384`,
  `${DSIG_MORE}ecdsa-sha512`,
]);
const DIGEST_METHODS = new Set([`${XMLENC}sha256`, `${DSIG_MORE}sha384`, `${XMLENC}sha512`]);
/** Canonicalizations without comments: a comment must never split what the verifier and the reader see. */
const TRANSFORMS = new Set([
  'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
  'http://www.w3.org/2001/10/xml-exc-c14n#',
  'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
]);

function checkAll(doc: Document, localName: string, allowed: Set<string>): void {
  for (const element of elementsNamed(doc, NS.dsig, localName)) {
    const algorithm = element.getAttribute('Algorithm') ?? '';
    if (!allowed.has(algorithm)) {
      throw invalidResponse(NOT_VERIFIED, 'algorithm', `${localName} ${algorithm.slice(0, 100) || '(none)'} is not allowed`);
    }
  }
}

/**
 * Step 2: every signature anywhere in the document uses allowed algorithms. Checked over the
 * whole document before verification, so no placement of a weak signature can slip through.
 */
export function checkAlgorithms(doc: Document): void {
  checkAll(doc, 'SignatureMethod', SIGNATURE_METHODS);
  checkAll(doc, 'DigestMethod', DIGEST_METHODS);
  checkAll(doc, 'CanonicalizationMethod', TRANSFORMS);
  checkAll(doc, 'Transform', TRANSFORMS);
}
