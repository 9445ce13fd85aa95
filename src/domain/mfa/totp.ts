import { generateSecret, generateURI, verify } from 'otplib';

/** RFC 6238 with the authenticator apps' defaults: SHA-1, 6 digits, 30-second steps. */
const PERIOD = 30;
/** One step either side: a phone's clock a little off, or a code typed as it rolled over. */
const TOLERANCE_SECONDS = PERIOD;

export const newTotpSecret = (): string => generateSecret();

/** The otpauth:// URI an authenticator app scans (the QR code) — issuer and account shown in the app. */
export const totpUri = (secret: string, issuer: string, account: string): string => generateURI({ issuer, label: account, secret });

/**
 * The time step the code matched, or undefined. Steps up to `afterStep` are refused, so that a code
 * (or an earlier one) is never accepted twice.
 */
export async function verifyTotp(secret: string, code: string, now: Date, afterStep: number | undefined): Promise<number | undefined> {
  if (!/^\d{6}$/.test(code)) return undefined;
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: TOLERANCE_SECONDS,
    ...(afterStep !== undefined ? { afterTimeStep: afterStep } : {}),
  });
  return result.valid ? (result as { timeStep: number }).timeStep : undefined;
}
