import { invalidResponse, NOT_VERIFIED, replayedResponse, unsolicitedResponse } from '../errors.js';
import type { RequestStore } from '../request-store.js';

/**
 * Step 4: the response answers the AuthnRequest this browser's login started (`expectedRequestId`
 * comes from the login session, never from the message). A response without InResponseTo is
 * IdP-initiated and refused; one for an already answered request is a replay.
 */
export async function checkSolicited(response: Element, expectedRequestId: string | undefined, requests: RequestStore): Promise<void> {
  const inResponseTo = response.getAttribute('InResponseTo');
  if (!inResponseTo || !expectedRequestId) {
    throw unsolicitedResponse(new Error(`InResponseTo ${inResponseTo || '(none)'}, expected ${expectedRequestId || '(no login in progress)'}`));
  }
  if (inResponseTo !== expectedRequestId) {
    throw unsolicitedResponse(new Error(`InResponseTo ${inResponseTo} is not this login's request ${expectedRequestId}`));
  }
  const state = await requests.state(inResponseTo);
  if (state === 'consumed') throw replayedResponse(new Error(`request ${inResponseTo} was already answered`));
  if (state === 'unknown') throw unsolicitedResponse(new Error(`request ${inResponseTo} is unknown or expired`));
  if (state !== 'pending') throw invalidResponse(NOT_VERIFIED);
}
