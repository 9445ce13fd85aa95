import { Resolver } from 'node:dns/promises';
import { timingSafeEqual } from 'node:crypto';

/** Gatehouse's record host: `_gatehouse-verification.<domain>`. */
export function verificationHost(domain: string): string {
  return `_gatehouse-verification.${domain}`;
}

/** Auth0's host for the same proof (its My Organization API): `_ss-verification.<organization id>.<domain>`. */
export function auth0VerificationHost(organizationId: string, domain: string): string {
  return `_ss-verification.${organizationId.toLowerCase()}.${domain}`;
}

/** What one lookup found: the proof, or why there is none (a sentence for the administrator). */
export type ProofResult = { ok: true } | { ok: false; error: string };

/** Looks up a TXT proof; one per service, on the configured servers. */
export interface DnsProof {
  check(hosts: string[], expected: string): Promise<ProofResult>;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const MISSING = new Set(['ENOTFOUND', 'ENODATA', 'NOTFOUND', 'NODATA']);

/**
 * TXT lookups through `node:dns`'s Resolver on `servers` (`ip` or `ip:port`; the system's resolvers when
 * empty). A record's character-strings are joined (RFC 7208 §3.3 does the same for long values); any
 * record of any of the hosts holding exactly the expected value is the proof.
 */
export function createDnsProof(servers: string[], timeoutMs = 5000): DnsProof {
  const resolver = new Resolver({ timeout: timeoutMs, tries: 2 });
  if (servers.length > 0) resolver.setServers(servers);
  return {
    async check(hosts, expected) {
      const problems: string[] = [];
      for (const host of hosts) {
        try {
          const records = await resolver.resolveTxt(host);
          if (records.some((chunks) => same(chunks.join('').trim(), expected))) return { ok: true };
          problems.push(`the TXT records at ${host} do not hold the verification value`);
        } catch (error) {
          const code = (error as { code?: string }).code ?? 'EUNKNOWN';
          problems.push(MISSING.has(code) ? `no TXT record at ${host}` : `the DNS lookup of ${host} failed (${code})`);
        }
      }
      return { ok: false, error: `${problems[0][0].toUpperCase()}${problems[0].slice(1)}.` };
    },
  };
}
