import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { DomainMetrics } from '../../domain/metrics/domain-metrics.js';

/**
 * What db/database.ts's `Db.stats()` returns, as far as the metrics read it (the HTTP part is given
 * this function, never the database handle).
 */
export type DatabaseStatsSource = () => {
  pool: { open: number; idle: number; waiting: number; max: number } | undefined;
  errors: Record<string, number>;
};

/** Seconds; from a 5 ms JWKS read to a 10 s login held up by a slow upstream IdP. */
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Seconds; the dispatcher runs every 500 ms by default, a failing stream retries for up to 10 minutes. */
const LAG_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

/** One process's metrics: a registry of its own (tests run several apps in one process). */
export interface Metrics {
  registry: Registry;
  /** Handed to the domain services (createServices). */
  domain: DomainMetrics;
  /** A request answered: its route pattern (never the raw URL: bounded label values). */
  observeRequest(method: string, route: string, statusCode: number, seconds: number): void;
}

/** Creates the registry and every Gatehouse metric in it, with prom-client's process metrics. */
export function createMetrics({ databaseStats }: { databaseStats?: DatabaseStatsSource }): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const requests = new Counter({
    name: 'gatehouse_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status_code'],
    registers: [registry],
  });
  // Without the status: a dozen buckets per route already, and the counter has the statuses.
  const durations = new Histogram({
    name: 'gatehouse_http_request_duration_seconds',
    help: 'HTTP request latency, from arrival to the last byte of the answer, by method and route pattern.',
    labelNames: ['method', 'route'],
    buckets: REQUEST_BUCKETS,
    registers: [registry],
  });
  const signIns = new Counter({
    name: 'gatehouse_sign_ins_total',
    help: "Sign-in outcomes recorded, by Auth0's log event type (s, f, fp, fu, ss, fs, ssa, fsa, limit_wc, limit_mu).",
    labelNames: ['type'],
    registers: [registry],
  });
  const tokens = new Counter({
    name: 'gatehouse_tokens_issued_total',
    help: 'Token endpoint requests that issued tokens, by OAuth grant type.',
    labelNames: ['grant_type'],
    registers: [registry],
  });
  const lag = new Histogram({
    name: 'gatehouse_log_stream_delivery_lag_seconds',
    help: 'Time from an event to its delivery to a log stream.',
    buckets: LAG_BUCKETS,
    registers: [registry],
  });
  if (databaseStats) registerDatabaseMetrics(registry, databaseStats);

  return {
    registry,
    domain: {
      signIn: (type) => signIns.inc({ type }),
      tokensIssued: (grantType) => tokens.inc({ grant_type: grantType }),
      eventDelivered: (seconds) => lag.observe(seconds),
    },
    observeRequest(method, route, statusCode, seconds) {
      requests.inc({ method, route, status_code: statusCode });
      durations.observe({ method, route }, seconds);
    },
  };
}

/** Pool gauges and error counters, read from the database's own tallies at each scrape. */
function registerDatabaseMetrics(registry: Registry, stats: DatabaseStatsSource): void {
  const poolGauge = (name: string, help: string, read: (pool: { open: number; idle: number; waiting: number; max: number }) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const pool = stats().pool;
        if (pool) this.set(read(pool));
      },
    });
  // PostgreSQL only: SQLite has one in-process connection and no pool, so these stay absent there.
  if (stats().pool) {
    poolGauge('gatehouse_db_pool_open_connections', 'PostgreSQL connections open in the pool (in use and idle).', (p) => p.open);
    poolGauge('gatehouse_db_pool_idle_connections', 'PostgreSQL connections open and idle in the pool.', (p) => p.idle);
    poolGauge(
      'gatehouse_db_pool_waiting_queries',
      'Queries waiting for a PostgreSQL connection (the pool is exhausted).',
      (p) => p.waiting,
    );
    poolGauge('gatehouse_db_pool_max_connections', 'The most connections the pool opens.', (p) => p.max);
  }
  const reported: Record<string, number> = {};
  new Counter({
    name: 'gatehouse_db_errors_total',
    help: 'Database errors by kind: connect (no connection to be had), connection_lost, query (a statement failed), constraint (a unique violation, mostly expected).',
    labelNames: ['kind'],
    registers: [registry],
    collect() {
      for (const [kind, count] of Object.entries(stats().errors)) {
        // The tallies only grow: the counter takes what was added since the last scrape.
        this.inc({ kind }, count - (reported[kind] ?? 0));
        reported[kind] = count;
      }
    },
  });
}
