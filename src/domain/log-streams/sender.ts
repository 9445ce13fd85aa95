/** The outcome of one delivery request: delivered, or why not (shown as the stream's last error). */
export type SendOutcome = { ok: true } | { ok: false; error: string };

/** Sends one delivery request. */
export type Send = (endpoint: string, body: string, headers: Record<string, string>) => Promise<SendOutcome>;

function describeFailure(error: unknown, timeoutMs: number): string {
  const name = (error as { name?: string }).name;
  if (name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  // fetch wraps the socket error: its cause says what happened (ECONNREFUSED, ENOTFOUND, a TLS error).
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message ?? (error as Error).message ?? String(error);
  return `request failed: ${detail}`.slice(0, 500);
}

/**
 * POSTs with the global fetch, bounded by `timeoutMs` (kept well under the stream lease). Only a
 * 2xx answer delivers: redirects are not followed (they could lead to an address the endpoint
 * check refused), and the answer's body is never read beyond its status.
 */
export function createSender(timeoutMs: number): Send {
  return async (endpoint, body, headers) => {
    try {
      const res = await fetch(endpoint, { method: 'POST', body, headers, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
      await res.body?.cancel().catch(() => {});
      if (res.status >= 200 && res.status < 300) return { ok: true };
      return { ok: false, error: `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`.slice(0, 200) };
    } catch (error) {
      return { ok: false, error: describeFailure(error, timeoutMs) };
    }
  };
}
