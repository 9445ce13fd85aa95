import { createHash, randomInt } from 'node:crypto';

/** An emailed code works for five minutes: long enough to switch to the mailbox, short for a guess. */
export const EMAIL_CODE_TTL_SECONDS = 5 * 60;

/** Codes a user may have emailed per window (sending is throttled apart from wrong codes). */
export const EMAIL_CODE_SENDS = { max: 5, windowSeconds: 15 * 60 };

/** Six digits from the CSPRNG, leading zeros kept. */
export const newEmailCode = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0');

/** Only six digits are ever a code; anything else is a wrong code without a lookup. */
export const isEmailCodeShape = (code: string): boolean => /^\d{6}$/.test(code);

/**
 * The stored form: bound to the login and the user, so a row proves nothing elsewhere. A 6-digit
 * code has no entropy to protect against whoever reads the table; what keeps it safe is the
 * five-minute life, single use and the attempt throttle. The hash keeps the code itself out of
 * the database, and the lookup by hash keeps any comparison out of application code.
 */
export const hashEmailCode = (interactionId: string, userId: string, code: string): string =>
  createHash('sha256').update(`${interactionId}\n${userId}\n${code}`).digest('base64url');

/** `j***@example.com`: enough for the person to recognise the address, on a page anyone at the screen sees. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}
