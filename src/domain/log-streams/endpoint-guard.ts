import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Addresses a log stream may not reach unless private endpoints are allowed: loopback, the private
 * and shared ranges, link-local (cloud metadata services live there), multicast and the reserved
 * blocks. A stream aimed at one would let whoever configures streams probe the internal network.
 */
const NON_PUBLIC = new BlockList();
for (const [address, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  NON_PUBLIC.addSubnet(address, prefix, 'ipv4');
for (const [address, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  NON_PUBLIC.addSubnet(address, prefix, 'ipv6');

/** True for an address outside the public internet, IPv4-mapped IPv6 addresses judged as IPv4. */
export function isNonPublicAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return NON_PUBLIC.check(mapped[1], 'ipv4');
  const family = isIP(address);
  if (family === 0) return false;
  return NON_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** Why `endpoint` may not be a stream's endpoint, or undefined when it may. Checked without DNS. */
export function endpointProblem(endpoint: string, allowPrivate: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return 'must be an absolute http(s) URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http(s) URL';
  if (url.username || url.password) return 'must not contain credentials (use httpAuthorization)';
  if (allowPrivate) return undefined;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || isNonPublicAddress(host)) {
    return 'must not be a loopback or private address';
  }
  return undefined;
}

/**
 * Checked again before each delivery, on the addresses the host name resolves to now: a name that
 * pointed at a public address when the stream was saved may point inward later. This check names
 * the problem on the stream; the sender checks the addresses again when it connects (sender.ts).
 */
export async function resolvedEndpointProblem(endpoint: string, allowPrivate: boolean): Promise<string | undefined> {
  const problem = endpointProblem(endpoint, allowPrivate);
  if (problem || allowPrivate) return problem;
  const host = new URL(endpoint).hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return undefined;
  const addresses = await lookup(host, { all: true, verbatim: true });
  const inward = addresses.find((a) => isNonPublicAddress(a.address));
  return inward ? `the endpoint's host resolves to a non-public address (${inward.address})` : undefined;
}
