import { ApiError } from './client';
import { type BearerSession, bearerFetch } from './bearer-fetch';

/** A problem+json answer of Gatehouse's user-facing APIs; `field` is the first refused input it names. */
export class ProblemError extends ApiError {
  constructor(
    status: number,
    code: string,
    message: string,
    private readonly refusedField?: string,
  ) {
    super(status, code, message);
  }

  override get field(): string | undefined {
    return this.refusedField;
  }
}

interface Problem {
  status?: number;
  code?: string;
  title?: string;
  detail?: string;
  validation_errors?: { detail: string; field?: string }[];
}

/**
 * A caller of one problem+json API (`/my-org/v1`, `/me/v1`) with the page's token. An expired or
 * refused token (401) signs in again and comes back to this page; any other non-2xx answer throws
 * ProblemError.
 */
export function createProblemClient(base: string, session: { accessToken(): Promise<string>; signIn(returnTo?: string): Promise<void> }) {
  const pageSession: BearerSession = { accessToken: session.accessToken, signIn: () => session.signIn(location.pathname) };
  return async function call<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const { ok, status, json } = await bearerFetch(pageSession, method, `${base}${path}`, body);
    if (!ok) {
      const problem = (json ?? {}) as Problem;
      const first = problem.validation_errors?.[0];
      throw new ProblemError(
        status,
        problem.code ?? 'error',
        first ? first.detail : (problem.detail ?? problem.title ?? `The request failed (${status}).`),
        first?.field,
      );
    }
    return json as T;
  };
}
