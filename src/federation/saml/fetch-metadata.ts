import { DomainError, invalidInput } from '../../domain/errors.js';
import { parseIdpMetadata } from './idp-metadata.js';

const MAX_BYTES = 1024 * 1024;
const TIMEOUT_MS = 10_000;

function refuse(reason: string): never {
  invalidInput('options.metadataUrl', `Could not use the IdP metadata at metadataUrl: ${reason}`);
}

/** Downloads an IdP metadata document over HTTPS, with a size cap and a timeout, and checks it parses. */
export async function fetchIdpMetadata(url: string, fetchImpl: typeof fetch = fetch): Promise<string> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    refuse('not a URL');
  }
  if (target.protocol !== 'https:') refuse('only https URLs are fetched');
  let res: Response;
  try {
    res = await fetchImpl(target, {
      redirect: 'error',
      signal: AbortSignal.timeout(TIMEOUT_MS),
      headers: { accept: 'application/samlmetadata+xml, application/xml, text/xml' },
    });
  } catch (cause) {
    refuse(`the request failed (${(cause as Error).name === 'TimeoutError' ? 'timed out' : 'unreachable'})`);
  }
  if (!res.ok) refuse(`the server answered ${res.status}`);
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > MAX_BYTES) refuse('the document is larger than 1 MiB');
  const xml = await res.text();
  if (Buffer.byteLength(xml) > MAX_BYTES) refuse('the document is larger than 1 MiB');
  try {
    const parsed = parseIdpMetadata(xml);
    if (!parsed.ssoUrl || parsed.signingCerts.length === 0) refuse('it names no HTTP-Redirect sign-on URL or no signing certificate');
  } catch (error) {
    if (error instanceof DomainError) throw error;
    refuse('it is not SAML IdP metadata');
  }
  return xml;
}

/**
 * A SAML connection configured by `metadataUrl` (and no pasted `metadataXml`) gets the document
 * fetched once, when it is saved, so a wrong URL is an error the admin sees right away.
 */
export async function withFetchedMetadata<T extends Record<string, unknown> | undefined>(strategy: string, options: T): Promise<T> {
  if (strategy !== 'samlp' || !options || typeof options.metadataUrl !== 'string' || options.metadataXml !== undefined) return options;
  return { ...options, metadataXml: await fetchIdpMetadata(options.metadataUrl) };
}
