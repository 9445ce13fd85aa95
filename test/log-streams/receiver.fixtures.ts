// A loopback HTTP receiver for log stream deliveries (node:http), and helpers the log stream tests share.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

export interface Receiver {
  url: string;
  /** Every request, in arrival order (answered or not). */
  requests: Received[];
  /** The status the receiver answers request number `n` (0-based) with; 200 by default. */
  answer: (n: number) => number | Promise<number>;
  close(): Promise<void>;
}

/** Starts a receiver on 127.0.0.1. */
export async function startReceiver(answer: Receiver['answer'] = () => 200): Promise<Receiver> {
  const requests: Received[] = [];
  const receiver: Receiver = { url: '', requests, answer, close: async () => {} };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const n = requests.length;
      requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      Promise.resolve(receiver.answer(n)).then(
        (status) => res.writeHead(status).end(),
        () => res.destroy(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/logs`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}

/** The log entries of Auth0-style bodies (`{ log_id, data }` items) in the order received. */
export function httpEntries(requests: Received[]): { log_id: string; data: Record<string, any> }[] {
  return requests.flatMap(({ body }) => {
    const parsed = body.startsWith('[') ? (JSON.parse(body) as unknown[]) : body.split('\n').map((line) => JSON.parse(line) as unknown);
    return parsed as { log_id: string; data: Record<string, any> }[];
  });
}

/** Verifies a webhook delivery with the `standardwebhooks` library and returns its payload. */
export function verifiedWebhook(secret: string, request: Received): { type: string; timestamp: string; data: Record<string, any> } {
  return new Webhook(secret).verify(request.body, request.headers as Record<string, string>) as {
    type: string;
    timestamp: string;
    data: Record<string, any>;
  };
}

/** Polls `probe` until `done` holds, or fails after `ms`. */
export async function until<T>(probe: () => T | Promise<T>, done: (value: T) => boolean, ms = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)?.slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Server env for the log stream tests: loopback receivers allowed, quick retries. */
export const STREAM_ENV = {
  GATEHOUSE_LOG_STREAM_ALLOW_PRIVATE: 'true',
  GATEHOUSE_LOG_STREAM_RETRY_BASE_MS: '20',
  GATEHOUSE_LOG_STREAM_RETRY_MAX_MS: '80',
  GATEHOUSE_LOG_STREAM_MAX_FAILURES: '3',
  GATEHOUSE_LOG_STREAM_TIMEOUT_MS: '5000',
  GATEHOUSE_LOG_STREAM_LEASE_MS: '10000',
  GATEHOUSE_LOG_STREAM_INTERVAL_MS: '50',
};
