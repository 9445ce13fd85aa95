import type { FastifyReply, FastifyRequest } from 'fastify';
import { RETRY_AFTER_SECONDS, asDatabaseUnavailable } from '../domain/database-unavailable.js';
import { messagePage } from './views/pages.js';

/** How a login or recovery page answers an error that is not the page's own. */
export interface RequestProblem {
  status: number;
  title: string;
  message: string;
  /** Seconds, for a Retry-After header. */
  retryAfter?: number;
  /** What it is worth in the log: a person's bad request is info, an outage is a warning. */
  level: 'info' | 'warn';
}

const UNAVAILABLE: Omit<RequestProblem, 'status'> = {
  title: 'Try again shortly',
  message: 'We cannot complete your request right now. Wait a few moments, then try again.',
  retryAfter: RETRY_AFTER_SECONDS,
  level: 'warn',
};

const TOO_LARGE = { title: 'This form is too large', message: 'What you sent is larger than this page accepts. Go back and try again.' };
const UNREADABLE = {
  title: 'This form could not be read',
  message: 'What you sent is not a form this page understands. Go back and try again.',
};

/**
 * The errors every page answers alike: the database being unavailable (503, "try again shortly"),
 * and Fastify refusing a body before any handler ran (`FST_ERR_CTP_*`: too large, malformed JSON,
 * an unsupported content type), which are the sender's mistakes: their own 4xx, never a 500.
 */
export function requestProblem(error: unknown): RequestProblem | undefined {
  const unavailable = asDatabaseUnavailable(error);
  if (unavailable) return { status: unavailable.status, ...UNAVAILABLE };
  const { code, statusCode } = (error ?? {}) as { code?: unknown; statusCode?: unknown };
  if (typeof code !== 'string' || !code.startsWith('FST_') || typeof statusCode !== 'number' || statusCode < 400 || statusCode >= 500)
    return undefined;
  return { status: statusCode, ...(statusCode === 413 ? TOO_LARGE : UNREADABLE), level: 'info' };
}

/** Answers `error` with the login's message page when it is a request problem; false otherwise. */
export function sendRequestProblem(error: unknown, request: FastifyRequest, reply: FastifyReply): boolean {
  const problem = requestProblem(error);
  if (!problem) return false;
  const cause = (asDatabaseUnavailable(error)?.cause ?? error) as { code?: unknown };
  request.log[problem.level](
    { code: cause.code, status: problem.status },
    problem.level === 'warn' ? 'database unavailable' : 'malformed request body',
  );
  if (problem.retryAfter) reply.header('retry-after', String(problem.retryAfter));
  void reply
    .code(problem.status)
    .type('text/html')
    .send(messagePage({ title: problem.title, message: problem.message, branding: {}, reference: request.id }));
  return true;
}
