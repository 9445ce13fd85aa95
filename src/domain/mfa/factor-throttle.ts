import type { ServiceDeps } from '../services.js';
import type { EventType } from '../events/event-types.js';
import { DomainError } from '../errors.js';
import { createFailureThrottle } from '../rate-limits/failure-throttle.js';
import type { createSignInEvents, SignInAttempt, SignInSubject } from '../sign-in/sign-in-events.js';

/** Wrong second-factor codes a user may type per window, over every factor, before the lockout. */
export const MFA_THROTTLE = { max: 5, windowSeconds: 15 * 60 };

const WRONG_CODE = 'That code is not right, or it was used already. Try the newest code.';

/** Who a second-factor step is for, and which login it belongs to (for its events). */
export interface FactorSubject {
  userId: string;
  organizationId?: string;
  connection?: SignInSubject['connection'];
}

export const factorSubject = (s: FactorSubject): SignInSubject & { userId: string } => ({
  userId: s.userId,
  organizationId: s.organizationId,
  connection: s.connection,
});

/**
 * One throttle per user over every second factor (a TOTP code, a recovery code, a WebAuthn
 * assertion): a slot is reserved first (so parallel guesses cannot pass the limit), a success gives
 * the window back, a failure keeps its slot and is recorded as `failed`; a full window is the
 * lockout, recorded as `limited`. `check` answers undefined for a failure.
 */
export function createFactorThrottle(deps: Pick<ServiceDeps, 'db' | 'clock'>, signInEvents: ReturnType<typeof createSignInEvents>) {
  const throttle = createFailureThrottle(deps.db, deps.clock, MFA_THROTTLE);
  return async function throttled<T>(
    attempt: SignInAttempt,
    subject: FactorSubject,
    types: { failed: EventType; limited: EventType },
    check: () => Promise<T | undefined>,
    /** The wrong-code message, and the event details of this factor. */
    options: { wrong?: string; details?: Record<string, unknown> } = {},
  ): Promise<T> {
    const { wrong = WRONG_CODE, details } = options;
    const bucket = `mfa:${subject.userId}`;
    const slot = await throttle.reserve(bucket);
    if ('waitSeconds' in slot) {
      const error = new DomainError(
        'too_many_attempts',
        `Too many wrong codes. Your account's second factor is locked: try again in ${Math.ceil(slot.waitSeconds / 60)} minutes.`,
      );
      await signInEvents.failed(deps.db, attempt, types.limited, factorSubject(subject), error, details);
      throw error;
    }
    const outcome = await check();
    if (outcome === undefined) {
      const error = new DomainError('invalid_mfa_code', wrong);
      await signInEvents.failed(deps.db, attempt, types.failed, factorSubject(subject), error, details);
      throw error;
    }
    await throttle.clear(bucket);
    return outcome;
  };
}
