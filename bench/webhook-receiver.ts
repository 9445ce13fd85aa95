/**
 * The webhook receiver of the log stream scenarios, in a child process so that receiving does not
 * share Gatehouse's event loop. It answers 200 at once and keeps, per message, the time from the
 * event's date to its receipt. Prints `listening <port>`; `GET /stats` answers
 * `{ received, duplicates, lag_ms: { p50, p99 } }` for what came since `POST /reset`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

let lags: number[] = [];
let ids = new Set<string>();
let duplicates = 0;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    if (req.method === 'GET' && req.url === '/stats') {
      const sorted = [...lags].sort((a, b) => a - b);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ received: lags.length, duplicates, lag_ms: { p50: percentile(sorted, 50), p99: percentile(sorted, 99) } }));
      return;
    }
    if (req.method === 'POST' && req.url === '/reset') {
      lags = [];
      ids = new Set();
      duplicates = 0;
      res.writeHead(204).end();
      return;
    }
    const now = Date.now();
    const id = String(req.headers['webhook-id'] ?? '');
    if (ids.has(id)) duplicates += 1;
    ids.add(id);
    const payload = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { timestamp: string };
    lags.push(now - Date.parse(payload.timestamp));
    res.writeHead(200).end();
  });
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
