import { EVENT_TYPES, type EventType } from '../events/event-types.js';

/**
 * What the domain tells the metrics when they are kept (`GATEHOUSE_METRICS_PORT`; http/metrics
 * counts them in Prometheus' format). Each call is a counter bump: cheap, synchronous, never throws.
 */
export interface DomainMetrics {
  /** A sign-in outcome was recorded: `s`, `f`, `fp`, `fu`, `ss`, `fs`, `ssa`, `fsa`, `limit_wc`, `limit_mu`. */
  signIn(type: EventType): void;
  /** A token endpoint request issued tokens, by OAuth grant type (`client_credentials`, `refresh_token`…). */
  tokensIssued(grantType: string): void;
  /** A log stream delivered an event, `lagSeconds` after the event happened. */
  eventDelivered(lagSeconds: number): void;
}

/** No metrics kept (the default): every call does nothing. */
export const NO_METRICS: DomainMetrics = {
  signIn: () => {},
  tokensIssued: () => {},
  eventDelivered: () => {},
};

/** Auth0's categories of sign-in outcomes; `limit_wc`/`limit_mu` (blocked account or address) are refusals of one too. */
const SIGN_IN_CATEGORIES = /^auth\.(login|signup|silent_auth)\./;
const SIGN_IN_TYPES = new Set<string>([
  ...Object.entries(EVENT_TYPES)
    .filter(([, type]) => SIGN_IN_CATEGORIES.test(type.category))
    .map(([code]) => code),
  'limit_wc',
  'limit_mu',
]);

/**
 * Counts a recorded event in the metrics it feeds. Counted when written, not when committed: an
 * event whose transaction then rolls back still counts (refusals and token exchanges are written
 * outside any change, so theirs are exact). A token exchange's grant type is in its details
 * (sign-in/protocol-events.ts writes it).
 */
export function countEvent(metrics: DomainMetrics, type: EventType, details: Record<string, unknown> | undefined): void {
  if (SIGN_IN_TYPES.has(type)) metrics.signIn(type);
  else if (EVENT_TYPES[type].category === 'auth.token_exchange.success' && typeof details?.grant_type === 'string') {
    metrics.tokensIssued(details.grant_type);
  }
}
