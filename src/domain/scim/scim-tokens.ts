import { createHash, timingSafeEqual } from 'node:crypto';
import { randomString } from '../shared/ids.js';

/** Auth0's SCIM token scopes, all granted when a token is created without any. */
export const SCIM_TOKEN_SCOPES = [
  'get:users',
  'post:users',
  'put:users',
  'patch:users',
  'delete:users',
  'get:groups',
  'post:groups',
  'put:groups',
  'patch:groups',
  'delete:groups',
] as const;

/** At most this many tokens of a connection are active at once (Auth0's limit), so one can be rotated. */
export const MAX_ACTIVE_TOKENS = 2;

/** Auth0's lower bound on `token_lifetime`, in seconds. */
export const MIN_TOKEN_LIFETIME = 900;

/** A new bearer token: 256 bits of randomness, so a fast hash of it is as good as a slow one. */
export function newToken(): string {
  return `scim_${randomString(43)}`;
}

/** What is stored of a token. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Compares two stored hashes without revealing, by timing, how much of them matched. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
