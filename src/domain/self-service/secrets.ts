import { createHash, randomBytes } from 'node:crypto';

/** A fresh high-entropy secret (256 bits), URL-safe. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * What is stored of a ticket's or a wizard session's secret. A secret is found by its hash, never
 * compared with a stored secret, so no timing of a comparison can leak it; 256 bits of entropy make
 * an unsalted SHA-256 safe here (it is not a password).
 */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}
