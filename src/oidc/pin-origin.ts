import type Provider from 'oidc-provider';

type Middleware = Parameters<Provider['use']>[0];

/**
 * oidc-provider builds every URL it publishes (discovery's endpoints, `returnTo`, redirects) from
 * the request's protocol and host, so a forged `Host` header would rewrite them. This middleware,
 * first in the provider's chain, makes the request report the configured issuer's protocol and
 * host instead, whatever the client sent; `provider.proxy` stays off so `X-Forwarded-*` is never read.
 * Pinning the protocol also lets an `https` issuer behind a TLS-terminating proxy keep its
 * Secure cookies and `https` endpoints.
 */
export function pinOrigin(issuer: string): Middleware {
  const { protocol, host } = new URL(issuer);
  const scheme = protocol.slice(0, -1);
  return async (ctx, next) => {
    Object.defineProperties(ctx.request, {
      protocol: { value: scheme, configurable: true },
      host: { value: host, configurable: true },
      // Koa returns an absolute-form request target (`GET http://evil.test/…`) as the href as is.
      href: { get: () => `${scheme}://${host}${ctx.request.path}${ctx.request.search}`, configurable: true },
    });
    await next();
  };
}
