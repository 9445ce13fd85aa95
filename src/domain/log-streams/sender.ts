import { type LookupAddress, lookup as dnsLookup } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Agent, type Dispatcher } from 'undici';
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

/** Where a request to one endpoint goes: the origin undici keys its connections by, and the path. */
interface Target {
  origin: string;
  path: string;
}

/** Endpoints whose parsed form is kept; a stream's endpoint rarely changes, so a handful suffice. */
const TARGETS_KEPT = 64;

/**
 * POSTs through one undici `Agent` (keep-alive connections per origin, at most 8 each), bounded by
 * `timeoutMs` (kept well under the stream lease). Only a 2xx answer delivers; redirects are never
 * followed (undici follows none unless told to: one could lead to an address the endpoint check
 * refused), and the answer's body is drained, never kept. undici, not node:http or fetch: a webhook
 * delivery is one small POST per event, and undici's HTTP/1.1 client costs about two thirds of
 * node:http's CPU per request (and fetch about three times node:http's). The guard applies to every
 * connection: the agent's connector resolves through `publicOnlyLookup` (undici hands `connect`
 * options to net/tls.connect), so each new socket is checked when it connects.
 */
export function createSender(timeoutMs: number, allowPrivate: boolean): Send {
  const agent = new Agent({
    connections: 8,
    // The whole exchange is bounded by the timer below; these keep undici's own limits no looser.
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    connect: { timeout: timeoutMs, ...(allowPrivate ? {} : { lookup: publicOnlyLookup() }) },
  });
  const targets = new Map<string, Target | undefined>();

  function targetOf(endpoint: string): Target | undefined {
    if (targets.has(endpoint)) return targets.get(endpoint);
    const url = new URL(endpoint);
    const target =
      url.protocol === 'http:' || url.protocol === 'https:' ? { origin: url.origin, path: `${url.pathname}${url.search}` } : undefined;
    if (targets.size >= TARGETS_KEPT) targets.clear();
    targets.set(endpoint, target);
    return target;
  }

  return (endpoint, body, headers) =>
    new Promise<SendOutcome>((resolve) => {
      const target = targetOf(endpoint);
      if (!target) return resolve({ ok: false, error: 'request failed: not an http(s) URL' });
      let controller: Dispatcher.DispatchController | undefined;
      let settled = false;
      const settle = (outcome: SendOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(outcome);
      };
      // One timer bounds the whole exchange: waiting for a connection, the answer and the drain of its body.
      const timer = setTimeout(() => {
        controller?.abort(new DeliveryTimeout());
        settle({ ok: false, error: describeFailure(new DeliveryTimeout(), timeoutMs) });
      }, timeoutMs);
      let status = 0;
      let statusMessage = '';
      agent.dispatch(
        { origin: target.origin, path: target.path, method: 'POST', headers, body },
        {
          onRequestStart(started) {
            // Timed out while waiting for a connection: abort before anything is written.
            if (settled) return started.abort(new DeliveryTimeout());
            controller = started;
          },
          onResponseStart(_controller, statusCode, _headers, message) {
            status = statusCode;
            statusMessage = message ?? '';
          },
          onResponseData() {
            // Drained, so the connection can serve the next delivery.
          },
          onResponseEnd() {
            if (status >= 200 && status < 300) return settle({ ok: true });
            settle({ ok: false, error: `HTTP ${status}${statusMessage ? ` ${statusMessage}` : ''}`.slice(0, 200) });
          },
          onResponseError(_controller, error) {
            settle({ ok: false, error: describeFailure(error, timeoutMs) });
          },
        },
      );
    });
}
