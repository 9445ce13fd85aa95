import type { Config } from './config.js';

/** Hosts an `http://` issuer may name without a warning: this machine only. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Settings that work but are unsafe or slow in production, each as one sentence saying what goes
 * wrong and what to set instead. `gatehouse start` prints them once, from the process that starts.
 */
export function startupWarnings(config: Config): string[] {
  const warnings: string[] = [];
  const issuer = new URL(config.issuer);
  const httpIssuer = issuer.protocol === 'http:';
  if (httpIssuer && !LOOPBACK_HOSTS.has(issuer.hostname)) {
    warnings.push(
      `GATEHOUSE_ISSUER is ${config.issuer}: passwords, codes and tokens cross the network unencrypted and session cookies lose their Secure flag. Publish an https:// issuer (GATEHOUSE_TLS_CERT/KEY, or TLS at a proxy in front).`,
    );
  }
  if (!config.databaseUrl && config.workers > 1) {
    warnings.push(
      `GATEHOUSE_WORKERS=${config.workers} with SQLite: the workers take turns writing the one database file, and writes wait on each other (and fail after 5 s) under load. Use PostgreSQL (DATABASE_URL) for several workers, or GATEHOUSE_WORKERS=1.`,
    );
  }
  if (config.trustProxy !== false && httpIssuer) {
    warnings.push(
      `GATEHOUSE_TRUST_PROXY is set but the issuer is ${config.issuer}: behind a proxy the issuer is the URL clients reach, normally https:// at the proxy. Set GATEHOUSE_ISSUER to it.`,
    );
  }
  if (config.trustProxy === false && !httpIssuer && !config.tls) {
    warnings.push(
      `The issuer is https:// but Gatehouse serves plain HTTP, so a proxy terminates TLS in front of it, and GATEHOUSE_TRUST_PROXY is false: every client looks like the proxy's address to the sign-in throttle, the rate limit and the logs. Set GATEHOUSE_TRUST_PROXY to the proxy's addresses (e.g. 10.0.0.0/8 or loopback).`,
    );
  }
  if (config.trustProxy === true) {
    warnings.push(
      'GATEHOUSE_TRUST_PROXY=true believes X-Forwarded-For from any peer: a client that reaches Gatehouse directly can pick the address the sign-in throttle counts. List the proxies instead (addresses or CIDRs), unless nothing but the proxy can reach this port.',
    );
  }
  return warnings;
}
