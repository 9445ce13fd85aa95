import autocannon from 'autocannon';

/** Successful responses per second from autocannon, run in a worker thread so it does not share the server's event loop. */
export async function throughput(options: {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  seconds: number;
  connections?: number;
}): Promise<{ perSecond: number; ok: number; failed: number }> {
  const result = await autocannon({
    url: options.url,
    method: options.method ?? 'GET',
    headers: options.headers,
    body: options.body,
    connections: options.connections ?? 8,
    duration: options.seconds,
    workers: 1,
  });
  const ok = result['2xx'];
  const failed = result.non2xx + result.errors + result.timeouts;
  if (ok === 0) throw new Error(`no successful response from ${options.url} (${failed} failed)`);
  return { perSecond: ok / options.seconds, ok, failed };
}

/** The median of sequential request latencies, in milliseconds, over `seconds` (at least 20 requests). */
export async function medianLatency(options: { url: string; headers?: Record<string, string>; seconds: number }): Promise<number> {
  const samples: number[] = [];
  const until = performance.now() + options.seconds * 1000;
  while (performance.now() < until || samples.length < 20) {
    const start = performance.now();
    const res = await fetch(options.url, { headers: options.headers });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${options.url}: ${res.status}`);
    samples.push(performance.now() - start);
  }
  return median(samples);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
