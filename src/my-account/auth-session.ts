import { createHmac, timingSafeEqual } from 'node:crypto';
import { invalidInput } from '../domain/errors.js';
import type { Clock } from '../domain/shared/clock.js';

/** How long an enrolment started through the API can be verified. */
export const AUTH_SESSION_SECONDS = 15 * 60;

/**
 * Auth0's `auth_session`: the token that ties the verify call to the enrolment this user started,
 * and ends it after AUTH_SESSION_SECONDS. Stateless: `<expiry>.<HMAC of user, method, expiry>`
 * under a server secret, compared in constant time.
 */
export function createAuthSessions(secret: string, clock: Clock) {
  const mac = (userId: string, methodId: string, expiry: number) =>
    createHmac('sha256', secret).update(`my-account-enrolment\u0000${userId}\u0000${methodId}\u0000${expiry}`).digest();
  const nowSeconds = () => Math.floor(clock.now().getTime() / 1000);
  return {
    issue(userId: string, methodId: string): string {
      const expiry = nowSeconds() + AUTH_SESSION_SECONDS;
      return `${expiry}.${mac(userId, methodId, expiry).toString('base64url')}`;
    },

    /** Refuses (400, naming `auth_session`) a session of another enrolment, another user, or expired. */
    check(userId: string, methodId: string, value: string): void {
      const match = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(value);
      const expiry = match ? Number(match[1]) : 0;
      const given = match ? Buffer.from(match[2], 'base64url') : Buffer.alloc(0);
      const expected = mac(userId, methodId, expiry);
      const valid = given.length === expected.length && timingSafeEqual(given, expected);
      if (!valid || expiry < nowSeconds()) {
        invalidInput('auth_session', 'The enrolment session is unknown or has expired; start the enrolment again');
      }
    },
  };
}

export type AuthSessions = ReturnType<typeof createAuthSessions>;
