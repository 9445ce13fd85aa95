import type { FastifyInstance } from 'fastify';
import { oidcRoute } from '../mount-oidc.js';
import type { Metrics } from './metrics.js';

/** The route label of a request no route matched (a 404): one value, whatever the URL. */
const UNMATCHED = '(unmatched)';

/**
 * Times every request, from its arrival to the last byte of the answer, and labels it with the
 * route pattern (`/api/v2/organizations/:id`), never the URL: ids would make a series per request.
 * Added before oidc-provider's mount, whose requests Fastify's router does not match: those are
 * labelled with oidc-provider's own paths. The response's `finish` is the one end every request
 * has, whoever answers it (a route, oidc-provider, an error handler); a request whose client went
 * away before the answer was written is not counted.
 */
export function instrumentRequests(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onRequest', (request, reply, done) => {
    const started = performance.now();
    reply.raw.once('finish', () => {
      const route = request.routeOptions.url ?? oidcRoute(request.url) ?? UNMATCHED;
      metrics.observeRequest(request.method, route, reply.raw.statusCode, (performance.now() - started) / 1000);
    });
    done();
  });
}
