import { X509Certificate } from 'node:crypto';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;

function toPem(base64: string): string {
  const body = base64.replace(/\s+/g, '');
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/**
 * Normalizes what admins paste: one or several PEM certificates, or bare base64 DER (as metadata
 * and Auth0's `signingCert` carry them). Each result is checked to parse as X.509 so a broken
 * value fails when the connection is used, with a clear log, rather than as "invalid signature".
 */
export function normalizeCertificates(input: string): string[] {
  const blocks = [...input.matchAll(PEM_BLOCK)].map((m) => m[1]);
  const bodies = blocks.length > 0 ? blocks : [input];
  return bodies.map((body) => {
    const pem = toPem(body);
    new X509Certificate(pem); // throws on anything that is not a certificate
    return pem;
  });
}
