import type { FastifyInstance } from 'fastify';
import { RETRY_AFTER_SECONDS } from '../domain/database-unavailable.js';
import type { HealthService } from '../domain/health/health.service.js';

const hidden = { hide: true } as object;

/**
 * Health for load balancers and orchestrators. `/health` (the database answers) stays as it was;
 * `/health/live` says only that the process answers (a liveness probe restarts a process, and a
 * database outage is no reason to); `/health/ready` that it can serve: database reachable and
 * every migration this code ships applied (a readiness probe takes the node out of rotation).
 */
export async function healthRoutes(app: FastifyInstance, { health }: { health: HealthService }): Promise<void> {
  app.get('/health', { schema: hidden }, async (_request, reply) => {
    try {
      await health.check();
      return { status: 'ok' };
    } catch (error) {
      // A warning, not an error: a load balancer polls this throughout an outage.
      app.log.warn({ err: error }, 'health check failed');
      return reply.code(503).header('retry-after', String(RETRY_AFTER_SECONDS)).send({ status: 'unavailable' });
    }
  });

  app.get('/health/live', { schema: hidden }, async () => ({ status: 'ok' }));

  app.get('/health/ready', { schema: hidden }, async (_request, reply) => {
    const problem = await health.notReady();
    if (!problem) return { status: 'ok' };
    reply.code(503).header('retry-after', String(RETRY_AFTER_SECONDS));
    if (problem.reason === 'migrations_pending') {
      app.log.warn({ pending: problem.pending }, 'not ready: migrations pending');
      return { status: 'unavailable', reason: problem.reason, pending_migrations: problem.pending };
    }
    app.log.warn({ err: problem.error }, 'not ready: database unreachable');
    // The driver's error stays in the log: it names hosts and users.
    return { status: 'unavailable', reason: problem.reason };
  });
}
