import type { Fetch } from '../oidc/discovery-cache.js';

/**
 * GitHub answers a failed code exchange with HTTP 200 and `{"error": …}` (GitHub's "Troubleshooting
 * OAuth app access token request errors"), where RFC 6749 §5.2 says 400/401. This fetch rewrites
 * such an answer into the RFC's form so openid-client reports it as the error it is, with GitHub's
 * codes translated to the RFC's.
 */
const RFC_CODES: Record<string, { error: string; status: number }> = {
  incorrect_client_credentials: { error: 'invalid_client', status: 401 },
  bad_verification_code: { error: 'invalid_grant', status: 400 },
  redirect_uri_mismatch: { error: 'invalid_grant', status: 400 },
};

/** Wraps a fetch so errors from GitHub's token endpoint (`tokenUrl`) arrive as RFC 6749 errors. */
export function rfcTokenErrors(fetch: Fetch, tokenUrl: string): Fetch {
  return async (url, init) => {
    const response = await fetch(url, init);
    if (url !== tokenUrl || response.status !== 200) return response;
    const body = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = undefined;
    }
    const error = parsed && typeof parsed === 'object' ? (parsed as { error?: unknown }).error : undefined;
    const headers = new Headers(response.headers);
    headers.delete('content-length');
    if (typeof error !== 'string') return new Response(body, { status: 200, headers });
    const mapped = RFC_CODES[error] ?? { error, status: 400 };
    return new Response(JSON.stringify({ ...(parsed as object), error: mapped.error, github_error: error }), {
      status: mapped.status,
      headers,
    });
  };
}
