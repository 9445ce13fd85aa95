import { type LookupAddress, lookup as dnsLookup } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isNonPublicAddress } from './endpoint-guard.js';

/** The outcome of one delivery request: delivered, or why not (shown as the stream's last error). */
export type SendOutcome = { ok: true } | { ok: false; error: string };

/** Sends one delivery request. */
export type Send = (endpoint: string, body: string, headers: Record<string, string>) => Promise<SendOutcome>;

class DeliveryTimeout extends Error {}
const NON_PUBLIC = 'ENONPUBLIC';

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof DeliveryTimeout) return `no answer within ${timeoutMs} ms`;
  const { code, message } = error as { code?: string; message?: string };
  if (code === NON_PUBLIC) return `the endpoint's host ${message}`;
  return `request failed: ${code ?? message ?? String(error)}`.slice(0, 500);
}

/**
 * Resolves as `dns.lookup` does and refuses a non-public answer at connect time, so a host name that
 * passed the check before the delivery cannot be re-pointed inward for the connection itself.
 */
function publicOnlyLookup(): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const inward = addresses.find((a) => isNonPublicAddress(a.address));
      if (inward) {
        const refused = Object.assign(new Error(`resolves to a non-public address (${inward.address})`), { code: NON_PUBLIC });
        return callback(refused, '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/**
 * POSTs with node:http(s) through keep-alive agents, bounded by `timeoutMs` (kept well under the
 * stream lease). Only a 2xx answer delivers; redirects are never followed (they could lead to an
 * address the endpoint check refused), and the answer's body is drained, never kept. node:http, not
 * fetch: a delivery is one small POST per event for webhooks, and fetch costs about three times the
 * CPU per request (bench: token issuance with a webhook stream active).
 */
export function createSender(timeoutMs: number, allowPrivate: boolean): Send {
  const lookup = allowPrivate ? undefined : publicOnlyLookup();
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 8 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 8 }),
  };
  return (endpoint, body, headers) =>
    new Promise<SendOutcome>((resolve) => {
      const url = new URL(endpoint);
      const agent = agents[url.protocol as keyof typeof agents];
      if (!agent) return resolve({ ok: false, error: 'request failed: not an http(s) URL' });
      const request = (url.protocol === 'https:' ? https : http).request(url, {
        method: 'POST',
        agent,
        lookup,
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
      });
      // One timer bounds the whole exchange, the drain of the answer's body included.
      const timer = setTimeout(() => request.destroy(new DeliveryTimeout()), timeoutMs);
      request.on('error', (error) => {
        clearTimeout(timer);
        resolve({ ok: false, error: describeFailure(error, timeoutMs) });
      });
      request.on('response', (response) => {
        // The status is the outcome; the body is drained so the socket can serve the next delivery.
        const status = response.statusCode ?? 0;
        response.on('error', () => {});
        response.on('close', () => clearTimeout(timer));
        response.resume();
        if (status >= 200 && status < 300) return resolve({ ok: true });
        resolve({ ok: false, error: `HTTP ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''}`.slice(0, 200) });
      });
      request.end(body);
    });
}
