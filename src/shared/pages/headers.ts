import type { FastifyInstance } from 'fastify';

/**
 * Hosted pages (login, recovery, the self-service SSO wizard) load nothing from elsewhere, run no
 * script (but the login's own files, for WebAuthn: never an inline one), and are never framed or cached.
 */
const CSP = "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' https: data:; frame-ancestors 'none'; base-uri 'none'";

/**
 * Adds the security headers of server-rendered hosted pages to every response of this plugin.
 * `formActionSelf` only where no form ends in a redirect to an application: browsers apply
 * form-action to the redirects that follow a submission. `scriptsSelf` lets pages run the
 * plugin's own script files (`script-src 'self'`), nothing inline, and lets them call back to
 * their own origin (`connect-src 'self'`: the passkey options). A response that chose its
 * caching (a static asset) keeps it; every other is `no-store`.
 */
export function addPageHeaders(app: FastifyInstance, options: { formActionSelf?: boolean; scriptsSelf?: boolean } = {}): void {
  const csp = `${CSP}${options.scriptsSelf ? "; script-src 'self'; connect-src 'self'" : ''}${options.formActionSelf ? "; form-action 'self'" : ''}`;
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('content-security-policy', csp);
    reply.header('x-frame-options', 'DENY');
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    reply.header('referrer-policy', 'no-referrer');
    return payload;
  });
}
