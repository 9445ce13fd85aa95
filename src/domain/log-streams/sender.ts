import { type LookupAddress, lookup as dnsLookup } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
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

/** What a request to one endpoint reuses: its module, agent and request options, and its Host header. */
interface Target {
  module: typeof http | typeof https;
  options: http.RequestOptions;
  host: string;
}

/** Endpoints whose parsed form is kept; a stream's endpoint rarely changes, so a handful suffice. */
const TARGETS_KEPT = 64;

/**
 * POSTs with node:http(s) through keep-alive agents, bounded by `timeoutMs` (kept well under the
 * stream lease). Only a 2xx answer delivers; redirects are never followed (they could lead to an
 * address the endpoint check refused), and the answer's body is drained, never kept. node:http, not
 * fetch: a delivery is one small POST per event for webhooks, and fetch costs about three times the
 * CPU per request (bench: token issuance with a webhook stream active). The endpoint is parsed once,
 * not per request, and the headers go to node:http as one flat array with the Host header in it:
 * node:http then writes them as they are (validating each) instead of storing and copying a
 * header object per request, about a fifth of the client's CPU per POST.
 */
export function createSender(timeoutMs: number, allowPrivate: boolean): Send {
  const lookup = allowPrivate ? undefined : publicOnlyLookup();
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 8 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 8 }),
  };
  const targets = new Map<string, Target | undefined>();

  function targetOf(endpoint: string): Target | undefined {
    if (targets.has(endpoint)) return targets.get(endpoint);
    const url = new URL(endpoint);
    const agent = agents[url.protocol as keyof typeof agents];
    const hostname = url.hostname.replace(/^\[|\]$/g, '');
    const target = agent && {
      module: url.protocol === 'https:' ? https : http,
      host: url.host,
      options: {
        method: 'POST',
        agent,
        lookup,
        host: hostname,
        port: url.port || (url.protocol === 'https:' ? 443 : 80),
        path: `${url.pathname}${url.search}`,
        // The TLS server name is the host's name (the Host header is not one node:http can read back here).
        ...(url.protocol === 'https:' && isIP(hostname) === 0 ? { servername: hostname } : {}),
      },
    };
    if (targets.size >= TARGETS_KEPT) targets.clear();
    targets.set(endpoint, target);
    return target;
  }

  return (endpoint, body, headers) =>
    new Promise<SendOutcome>((resolve) => {
      const target = targetOf(endpoint);
      if (!target) return resolve({ ok: false, error: 'request failed: not an http(s) URL' });
      const raw = ['host', target.host];
      for (const name in headers) raw.push(name, headers[name]);
      raw.push('content-length', String(Buffer.byteLength(body)));
      const request = target.module.request({ ...target.options, headers: raw });
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
