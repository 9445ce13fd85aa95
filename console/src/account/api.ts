import { createProblemClient, ProblemError } from '../api/problem-client';
import type { AuthenticationMethod } from '../api/resources';
import { accessToken, signIn } from './session';

export type { AuthenticationMethod };

/** Calls /me/v1 with the signed-in person's token. Throws ProblemError for any non-2xx answer. */
export const me = createProblemClient('/me/v1', { accessToken, signIn });

/**
 * A change the API refused for want of a recent sign-in (`reauthentication_required`): the person
 * signs in again (max_age=0) and comes back to the security screen, where `search` says what to
 * finish. False for any other error.
 */
export async function reauthenticateFor(error: unknown, search: string): Promise<boolean> {
  if (!(error instanceof ProblemError) || error.errorCode !== 'reauthentication_required') return false;
  await signIn(`/account/security?${search}`, { maxAge: 0 });
  return true;
}

// The My Account API's shapes the page reads.

export interface TotpChallenge {
  id: string;
  auth_session: string;
  barcode_uri: string;
  manual_input_code: string;
}

export interface VerifiedMethod extends AuthenticationMethod {
  recovery_codes?: string[];
}
