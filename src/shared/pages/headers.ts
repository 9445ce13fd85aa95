import type { FastifyInstance } from 'fastify';

/**
 * Hosted pages (login, recovery, the self-service SSO wizard) load nothing from elsewhere, run no
 * script, and are never framed or cached.
 */
const CSP = "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' https: data:; frame-ancestors 'none'; base-uri 'none'";

/**
 * Adds the security headers of server-rendered hosted pages to every response of this plugin.
 * `formActionSelf` only where no form ends in a redirect to an application: browsers apply
 * form-action to the redirects that follow a submission.
 */
export function addPageHeaders(app: FastifyInstance, options: { formActionSelf?: boolean } = {}): void {
  const csp = options.formActionSelf ? `${CSP}; form-action 'self'` : CSP;
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('content-security-policy', csp);
    reply.header('x-frame-options', 'DENY');
    reply.header('cache-control', 'no-store');
    reply.header('referrer-policy', 'no-referrer');
    return payload;
  });
}
