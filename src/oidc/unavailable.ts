import { errors, type Adapter } from 'oidc-provider';
import { UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from '../domain/database-unavailable.js';

/**
 * oidc-provider writes the OAuth response only for its own error classes; anything else becomes a
 * 500 `server_error`. A database outage inside one of its hooks is rethrown as
 * `temporarily_unavailable` (RFC 6749 §4.1.2.1) with status 503, so a client is told to retry and,
 * on /authorize, the application gets that code on its redirect.
 */
export function toProviderError(error: unknown): unknown {
  if (!isDatabaseUnavailable(error)) return error;
  const unavailable = new errors.TemporarilyUnavailable(UNAVAILABLE_MESSAGE, { cause: error });
  // The class is made with status 400 (so exposed); only the status changes.
  return Object.assign(unavailable, { status: 503, statusCode: 503 });
}

/** `fn`, with a database outage turned into oidc-provider's `temporarily_unavailable`. */
export function guarded<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    try {
      return await fn(...args);
    } catch (error) {
      throw toProviderError(error);
    }
  };
}

/** Every method of an oidc-provider adapter, guarded. */
export function guardedAdapter(adapter: Adapter): Adapter {
  const out = {} as Record<string, unknown>;
  for (const [name, method] of Object.entries(adapter)) {
    out[name] = typeof method === 'function' ? guarded((method as (...args: unknown[]) => Promise<unknown>).bind(adapter)) : method;
  }
  return out as unknown as Adapter;
}
