import { expiredRequest, invalidResponse, NOT_VERIFIED, replayedResponse, unsolicitedResponse } from '../errors.js';
import type { RequestStore } from '../request-store.js';

/**
 * Step 4: the response answers the AuthnRequest this browser's login started (`expectedRequestId`
 * comes from the login session, never from the message). A response without InResponseTo is
 * IdP-initiated and refused; one for an already answered request is a replay; one for a request
 * that expired or is not this login's current one answers a sign-in no longer waiting.
 */
export async function checkSolicited(response: Element, expectedRequestId: string | undefined, requests: RequestStore): Promise<void> {
  const inResponseTo = response.getAttribute('InResponseTo');
  if (!inResponseTo || !expectedRequestId) {
    throw unsolicitedResponse(
      `InResponseTo ${inResponseTo ? inResponseTo.slice(0, 100) : '(none)'}, expected ${expectedRequestId || '(no login in progress)'}`,
    );
  }
  if (inResponseTo !== expectedRequestId) {
    throw expiredRequest('in_response_to', `InResponseTo ${inResponseTo.slice(0, 100)} is not this login's request ${expectedRequestId}`);
  }
  const state = await requests.state(inResponseTo);
  if (state === 'consumed') throw replayedResponse(`request ${inResponseTo} was already answered`);
  if (state === 'unknown') throw expiredRequest('expired_request', `request ${inResponseTo} is unknown or expired`);
  if (state !== 'pending') throw invalidResponse(NOT_VERIFIED, 'malformed', `request ${inResponseTo} is in state ${String(state)}`);
}
