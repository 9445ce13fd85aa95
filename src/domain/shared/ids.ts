import { randomInt, randomBytes } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `length` characters drawn uniformly from `alphabet` with the CSPRNG. */
export function randomString(length: number, alphabet = ALPHANUMERIC): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** Auth0-style prefixed id: `org_` + 16 alphanumerics, `con_…`, `rol_…`, `cgr_…`, `uinv_…`. */
export function prefixedId(prefix: string, length = 16): string {
  return `${prefix}_${randomString(length)}`;
}

/** 24 hex characters, the shape of Auth0's database user ids. */
export function hexId(): string {
  return randomBytes(12).toString('hex');
}
