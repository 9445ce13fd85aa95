import http from 'node:http';
import { AggregatorRegistry, type Registry } from 'prom-client';

/** What a scrape returns: the exposition text and its content type. */
export interface MetricsSource {
  contentType: string;
  render(): Promise<string>;
}

/** This process's own metrics. */
export function processMetrics(registry: Registry): MetricsSource {
  return { contentType: registry.contentType, render: () => registry.metrics() };
}

/**
 * The cluster primary's: every worker's metrics, asked for over the cluster's IPC channel at each
 * scrape and summed (gauges too: open connections are the workers' total); process metrics by
 * prom-client's own rules. A worker that does not answer in 5 s fails the scrape.
 */
export function clusterMetrics(): MetricsSource {
  const aggregator = new AggregatorRegistry();
  return { contentType: aggregator.contentType, render: () => aggregator.clusterMetrics() };
}

/** In a cluster worker: answers the primary's requests for this registry's metrics. */
export function shareWithPrimary(registry: Registry): void {
  AggregatorRegistry.setRegistries([registry]);
  // prom-client installs the worker's IPC listener when an AggregatorRegistry is made.
  new AggregatorRegistry();
}

/**
 * Serves `GET /metrics` (and nothing else) on a listener of its own, apart from the public port
 * (see Config.metrics). Resolves once it listens, with the server to close.
 */
export function listenMetrics(options: { port: number; host: string }, source: MetricsSource): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: metrics are at /metrics\n');
      return;
    }
    source.render().then(
      (text) => res.writeHead(200, { 'content-type': source.contentType }).end(req.method === 'HEAD' ? undefined : text),
      // A cluster worker that did not answer in time, most likely: the next scrape asks again.
      () => res.writeHead(503, { 'content-type': 'text/plain' }).end('metrics unavailable\n'),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
