import { fail } from '../errors.js';

/**
 * How recent a login must be for a person to add or remove their own second factors: a session
 * left open on a shared computer must not let someone else swap the factors that protect it.
 */
export const REAUTHENTICATION_MAX_AGE_SECONDS = 5 * 60;

/**
 * Throws `reauthentication_required` unless the user proved who they are (`authTime`, epoch
 * seconds, the token's `auth_time`) within the last REAUTHENTICATION_MAX_AGE_SECONDS.
 */
export function assertRecentAuthentication(authTime: number | undefined, now: Date): void {
  if (authTime === undefined) fail('reauthentication_required', 'Sign in again to change your authentication methods.');
  const age = Math.floor(now.getTime() / 1000) - authTime;
  if (age > REAUTHENTICATION_MAX_AGE_SECONDS) {
    fail(
      'reauthentication_required',
      `You signed in ${Math.floor(age / 60)} minutes ago; sign in again to change your authentication methods (within ${REAUTHENTICATION_MAX_AGE_SECONDS / 60} minutes of a sign-in).`,
    );
  }
}
