import type { FastifyReply, FastifyRequest } from 'fastify';

/** One hit's answer of a rate limiter (the domain's `RateLimitDecision`, by shape: this part imports no domain). */
export interface RateDecision {
  limit: number;
  remaining: number;
  /** Unix time (seconds) when the window ends. */
  reset: number;
  /** Seconds until the window ends, at least 1. */
  retryAfter: number;
  allowed: boolean;
}

/** What a bearer-token surface gives its gate; the errors are the surface's own. */
export interface BearerGate<P> {
  verifyToken(authorization: string | undefined): Promise<P>;
  limiter: { hit(bucket: string): Promise<RateDecision> };
  /** The counter a call hits: its principal's, or its address's when the token was refused. */
  bucketOf(principal: P | undefined, ip: string): string;
  tooManyRequests(): Error;
}

/**
 * The first steps of a bearer-token surface's onRequest, before the body is parsed: verify the
 * token, count the call (a refused token counts against the address, so guessing is limited too),
 * send the X-RateLimit headers, refuse past the limit (429, before a 401), then throw the token's
 * refusal. Returns the verified principal.
 */
export async function passBearerGate<P>(request: FastifyRequest, reply: FastifyReply, gate: BearerGate<P>): Promise<P> {
  let principal: P | undefined;
  let refusal: unknown;
  try {
    principal = await gate.verifyToken(request.headers.authorization);
  } catch (error) {
    refusal = error;
  }
  const decision = await gate.limiter.hit(gate.bucketOf(principal, request.ip));
  reply.header('X-RateLimit-Limit', decision.limit);
  reply.header('X-RateLimit-Remaining', decision.remaining);
  reply.header('X-RateLimit-Reset', decision.reset);
  if (!decision.allowed) {
    reply.header('Retry-After', decision.retryAfter);
    throw gate.tooManyRequests();
  }
  if (principal === undefined) throw refusal;
  return principal;
}
