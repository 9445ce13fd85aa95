import type { ServiceDeps } from '../services.js';
import type { EventType } from '../events/event-types.js';
import { DomainError } from '../errors.js';
import { createFailureThrottle } from '../rate-limits/failure-throttle.js';
import { createSignInEvents, type SignInAttempt } from '../sign-in/sign-in-events.js';
import type { FactorSubject } from './mfa.service.js';

/** Wrong second-factor codes a user may type per window, over every factor, before the lockout (mfa.service.ts's MFA_THROTTLE). */
const WRONG_CODES = { max: 5, windowSeconds: 15 * 60 };

/**
 * The second-factor throttle for the factors outside mfa.service.ts (emailed codes): the same
 * database bucket per user (`mfa:<user>`) and the same limit, so wrong codes of every factor add
 * up to one lockout. A slot is reserved before the check, a success empties the bucket, a wrong
 * code keeps its slot (`failed` event), a full window is the lockout (`limited` event).
 */
export function createFactorThrottle(deps: ServiceDeps) {
  const throttle = createFailureThrottle(deps.db, deps.clock, WRONG_CODES);
  const signInEvents = createSignInEvents(deps.events);
  const subjectOf = (s: FactorSubject) => ({ userId: s.userId, organizationId: s.organizationId, connection: s.connection });

  return async function throttled<T>(
    attempt: SignInAttempt,
    subject: FactorSubject,
    types: { failed: EventType; limited: EventType },
    details: Record<string, unknown>,
    check: () => Promise<T | undefined>,
  ): Promise<T> {
    const bucket = `mfa:${subject.userId}`;
    const slot = await throttle.reserve(bucket);
    if ('waitSeconds' in slot) {
      const error = new DomainError(
        'too_many_attempts',
        `Too many wrong codes. Your account's second factor is locked: try again in ${Math.ceil(slot.waitSeconds / 60)} minutes.`,
      );
      await signInEvents.failed(deps.db, attempt, types.limited, subjectOf(subject), error, details);
      throw error;
    }
    const outcome = await check();
    if (outcome === undefined) {
      const error = new DomainError('invalid_mfa_code', 'That code is not right, has expired, or was used already. Send a new code.');
      await signInEvents.failed(deps.db, attempt, types.failed, subjectOf(subject), error, details);
      throw error;
    }
    await throttle.clear(bucket);
    return outcome;
  };
}
