import { isIP } from 'node:net';
import path from 'node:path';

/** Every Gatehouse option, with its default. Environment variables are read here and nowhere else. */
export interface Config {
  /** TCP port to listen on. `PORT`, default 3000. */
  port: number;
  /** Address to bind. `HOST`, default `0.0.0.0`. */
  host: string;
  /**
   * Public base URL, no trailing slash: every published URL is `<issuer>/<path>`. `GATEHOUSE_ISSUER`,
   * default `http(s)://localhost:$PORT`. The tokens' `iss` is this plus `/` (see issuerIdentifier).
   */
  issuer: string;
  /** Folder for the SQLite database, bootstrap credentials and outbox. `GATEHOUSE_DATA_DIR`, default `./data`. */
  dataDir: string;
  /** `postgres://…` selects PostgreSQL; unset = SQLite file `gatehouse.sqlite` in the data dir. `DATABASE_URL`. */
  databaseUrl: string | undefined;
  /** PostgreSQL connections each process (each worker) opens at most. `GATEHOUSE_DATABASE_POOL_MAX`, default 10. */
  databasePoolMax: number;
  /** PEM certificate and key paths; both set = serve HTTPS. `GATEHOUSE_TLS_CERT`, `GATEHOUSE_TLS_KEY`. */
  tls: { certPath: string; keyPath: string } | undefined;
  /** Fixed credentials for the bootstrap management application. `GATEHOUSE_BOOTSTRAP_CLIENT_ID` / `_SECRET`. */
  bootstrapClient: { clientId: string; clientSecret: string } | undefined;
  /** Worker processes sharing the port (node:cluster). `GATEHOUSE_WORKERS`, default 1. */
  workers: number;
  /** The tenant administrator made on first start. `GATEHOUSE_ADMIN_EMAIL` / `_PASSWORD`; unset = generated and printed once. */
  admin: { email: string; password: string } | undefined;
  /** Log level for pino. `GATEHOUSE_LOG_LEVEL`, default `info`. */
  logLevel: string;
  /**
   * Which proxies' `X-Forwarded-For`/`-Proto` to believe for the client IP (sign-in throttle,
   * rate limit, logs). `GATEHOUSE_TRUST_PROXY`: `false` (default), `true` (any peer), or the
   * comma-separated addresses/CIDRs of the proxies (`loopback`, `linklocal`, `uniquelocal` too).
   * Public URLs never come from headers: they come from the issuer.
   */
  trustProxy: boolean | string[];
  /**
   * Prometheus metrics at `http://<host>:<port>/metrics`, on a listener of their own: never on the
   * public port, where anyone could read the traffic and the pool, and a load balancer would route
   * each scrape to a different node. `GATEHOUSE_METRICS_PORT` turns them on (unset = no metrics, the
   * default); `GATEHOUSE_METRICS_HOST` is the address it binds, default `127.0.0.1` (loopback: a
   * scraper on the same host or in the same pod); `0.0.0.0` for a scraper elsewhere on a private
   * network. With several workers the primary serves the sum of the workers' metrics.
   */
  metrics: { port: number; host: string } | undefined;
  limits: Limits;
  /** Management API rate limit per application. */
  rateLimit: { max: number; windowSeconds: number };
  /**
   * SCIM requests each SCIM token may make per minute (`GATEHOUSE_SCIM_RATE_LIMIT`, default 1200),
   * counted in the database so that every node shares the count; past it a SCIM 429 with Retry-After.
   */
  scimRateLimit: number;
  /** Failed sign-ins allowed per account and per IP address in each window before a wait is imposed. */
  signInThrottle: { perAccount: number; perIp: number; windowSeconds: number };
  /** Put `org_name` beside `org_id` in access tokens (ID tokens always have it). `GATEHOUSE_ORG_NAME_CLAIM`, default false. */
  orgNameClaim: boolean;
  /**
   * Users export jobs may include password hashes (field `custom_password_hash`), for moving a
   * tenant to another Gatehouse. `GATEHOUSE_EXPORT_PASSWORD_HASHES`, default false.
   */
  exportPasswordHashes: boolean;
  /** Lifetime of Management API access tokens, seconds. `GATEHOUSE_MGMT_TOKEN_TTL`, default 86400 (Auth0's). */
  managementTokenTtl: number;
  /** Days the audit log keeps an event before the sweep deletes it. `GATEHOUSE_LOG_RETENTION_DAYS`, default 30. */
  logRetentionDays: number;
  /**
   * Seconds from `keys rotate` until the new signing key signs; it is in the JWKS at once. The
   * default, 900 (15 minutes), outlasts the JWKS caches of relying parties and APIs (jose's
   * `createRemoteJWKSet`, which many verifiers use, keeps a JWKS 10 minutes): a verifier that does
   * not refetch on an unknown `kid` would refuse tokens of a key it has not fetched yet. 0 signs
   * at once (when nothing caches the JWKS). Read by the process that rotates and stored with the
   * key, so every node switches at the same instant. `GATEHOUSE_SIGNING_KEY_ACTIVATION_DELAY`.
   */
  signingKeyActivationDelay: number;
  /** Where the social providers live; the real ones by default, stand-ins in tests. */
  social: {
    /** Google's OpenID Connect discovery document. `GATEHOUSE_GOOGLE_DISCOVERY_URL`, default `https://accounts.google.com/.well-known/openid-configuration`. */
    googleDiscoveryUrl: string;
    /** GitHub's web host (`/login/oauth/authorize`, `/login/oauth/access_token`). `GATEHOUSE_GITHUB_URL`, default `https://github.com`. */
    githubUrl: string;
    /** GitHub's REST API (`/user`, `/user/emails`). `GATEHOUSE_GITHUB_API_URL`, default `https://api.github.com`. */
    githubApiUrl: string;
  };
  /** Outgoing email (password reset, verification, invitations). */
  email: {
    /** `GATEHOUSE_SMTP_URL` (`smtp://user:pass@host:587`, `smtps://…`); unset = write `.eml` files to `<data dir>/outbox` and log the link. */
    smtpUrl: string | undefined;
    /** Sender address. `GATEHOUSE_EMAIL_FROM`, default `Gatehouse <no-reply@localhost>`. */
    from: string;
  };
  logStreams: LogStreamOptions;
  /**
   * DNS servers for verifying organization domains' TXT records, comma-separated `ip` or `ip:port`
   * (`[v6]:port`). `GATEHOUSE_DNS_SERVERS`; unset = the system's resolvers.
   */
  dnsServers: string[];
  /**
   * Users import jobs: rows per transaction (`GATEHOUSE_IMPORT_BATCH_SIZE`, default 500), how long a
   * process holds a job without committing a batch before another may take it over
   * (`GATEHOUSE_IMPORT_LEASE_MS`, default 30000), and how often each process looks for such jobs
   * (`GATEHOUSE_IMPORT_POLL_MS`, default 5000). An uploaded file is stored as it arrives in chunks of
   * at most `GATEHOUSE_IMPORT_CHUNK_BYTES` (default 1 MiB), up to `GATEHOUSE_IMPORT_MAX_FILE_BYTES`
   * (default 512 MiB).
   */
  importJobs: { batchSize: number; leaseMs: number; pollMs: number; chunkBytes: number; maxFileBytes: number };
}

/** How log streams are delivered (domain/log-streams). Every process runs the dispatcher. */
export interface LogStreamOptions {
  /** Time between two dispatcher runs, ms. `GATEHOUSE_LOG_STREAM_INTERVAL_MS`, default 500. */
  intervalMs: number;
  /** Events per delivery batch (per request for JSONARRAY/JSONLINES). `GATEHOUSE_LOG_STREAM_BATCH`, default 100. */
  batchSize: number;
  /** Timeout of one delivery request, ms. `GATEHOUSE_LOG_STREAM_TIMEOUT_MS`, default 10000. */
  timeoutMs: number;
  /**
   * How long a process holds a stream while delivering it, ms; renewed after each request. Another
   * process takes the stream over once it lapses (a crash). At least twice the timeout.
   * `GATEHOUSE_LOG_STREAM_LEASE_MS`, default 60000.
   */
  leaseMs: number;
  /** First retry delay after a failed delivery, ms; doubled per failure. `GATEHOUSE_LOG_STREAM_RETRY_BASE_MS`, default 1000. */
  retryBaseMs: number;
  /** Longest retry delay, ms. `GATEHOUSE_LOG_STREAM_RETRY_MAX_MS`, default 600000 (10 minutes). */
  retryMaxMs: number;
  /** Consecutive failures after which a stream is suspended. `GATEHOUSE_LOG_STREAM_MAX_FAILURES`, default 20. */
  maxFailures: number;
  /**
   * Allow endpoints on loopback, private, link-local and other non-public addresses.
   * `GATEHOUSE_LOG_STREAM_ALLOW_PRIVATE`, default false: a stream cannot be aimed at the internal network.
   */
  allowPrivateEndpoints: boolean;
}

/** Entity limits enforced by the domain layer. */
export interface Limits {
  /** Enabled connections per organization. `GATEHOUSE_MAX_ORG_CONNECTIONS`, default 10 (Auth0's). */
  organizationConnections: number;
  /** Metadata keys per organization. `GATEHOUSE_MAX_ORG_METADATA_KEYS`, default 25. */
  organizationMetadataKeys: number;
  /** Roles per organization member. `GATEHOUSE_MAX_MEMBER_ROLES`, default 50. */
  memberRoles: number;
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min = 1): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${name} must be an integer ≥ ${min}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

function logStreamOptions(env: Env): LogStreamOptions {
  const options: LogStreamOptions = {
    intervalMs: integer(env, 'GATEHOUSE_LOG_STREAM_INTERVAL_MS', 500, 10),
    batchSize: integer(env, 'GATEHOUSE_LOG_STREAM_BATCH', 100),
    timeoutMs: integer(env, 'GATEHOUSE_LOG_STREAM_TIMEOUT_MS', 10_000, 100),
    leaseMs: integer(env, 'GATEHOUSE_LOG_STREAM_LEASE_MS', 60_000, 200),
    retryBaseMs: integer(env, 'GATEHOUSE_LOG_STREAM_RETRY_BASE_MS', 1000),
    retryMaxMs: integer(env, 'GATEHOUSE_LOG_STREAM_RETRY_MAX_MS', 600_000),
    maxFailures: integer(env, 'GATEHOUSE_LOG_STREAM_MAX_FAILURES', 20),
    allowPrivateEndpoints: env.GATEHOUSE_LOG_STREAM_ALLOW_PRIVATE === 'true',
  };
  // A request must end well before the lease does, or a second process could deliver the same events.
  if (options.leaseMs < 2 * options.timeoutMs) {
    throw new Error('GATEHOUSE_LOG_STREAM_LEASE_MS must be at least twice GATEHOUSE_LOG_STREAM_TIMEOUT_MS');
  }
  if (options.retryMaxMs < options.retryBaseMs) {
    throw new Error('GATEHOUSE_LOG_STREAM_RETRY_MAX_MS must be at least GATEHOUSE_LOG_STREAM_RETRY_BASE_MS');
  }
  return options;
}

function smtpUrl(env: Env): string | undefined {
  const raw = env.GATEHOUSE_SMTP_URL || undefined;
  if (raw && !/^smtps?:\/\/[^/]/.test(raw)) throw new Error('GATEHOUSE_SMTP_URL must start with smtp:// or smtps://');
  return raw;
}

/** An http(s) URL option, trailing slashes removed; the default when unset. */
function httpUrl(env: Env, name: string, fallback: string): string {
  const raw = (env[name] || fallback).replace(/\/+$/, '');
  try {
    const url = new URL(raw);
    if (url.protocol === 'http:' || url.protocol === 'https:') return raw;
  } catch {
    // reported below
  }
  throw new Error(`${name} must be an http(s) URL, got ${JSON.stringify(raw)}`);
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * `GATEHOUSE_TRUST_PROXY`, in the forms Fastify's `trustProxy` takes (see Config.trustProxy). No hop
 * count: Fastify cannot check the peer for one and so believes no header with it.
 */
function trustProxy(env: Env): boolean | string[] {
  const raw = (env.GATEHOUSE_TRUST_PROXY ?? '').trim();
  if (raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  const entries = raw.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    const [address, bits, extra] = entry.split('/');
    const family = isIP(address);
    const validBits = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
    if (!PROXY_NAMES.has(entry) && (family === 0 || !validBits || extra !== undefined)) {
      throw new Error(`GATEHOUSE_TRUST_PROXY must be true, false or comma-separated addresses/CIDRs, got ${JSON.stringify(entry)}`);
    }
  }
  return entries;
}

/** `GATEHOUSE_METRICS_PORT` / `_HOST` (see Config.metrics). */
function metricsListener(env: Env, publicPort: number): Config['metrics'] {
  if (!env.GATEHOUSE_METRICS_PORT) return undefined;
  const port = integer(env, 'GATEHOUSE_METRICS_PORT', 0);
  if (port > 65535) throw new Error(`GATEHOUSE_METRICS_PORT must be a port number (1-65535), got ${port}`);
  if (port === publicPort) throw new Error('GATEHOUSE_METRICS_PORT must differ from PORT: metrics are served on a listener of their own');
  return { port, host: env.GATEHOUSE_METRICS_HOST || '127.0.0.1' };
}

/** Builds the configuration from environment variables; throws naming the variable when one is invalid. */
export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const port = integer(env, 'PORT', 3000, 0);
  const certPath = env.GATEHOUSE_TLS_CERT;
  const keyPath = env.GATEHOUSE_TLS_KEY;
  if (Boolean(certPath) !== Boolean(keyPath)) {
    throw new Error('GATEHOUSE_TLS_CERT and GATEHOUSE_TLS_KEY must be set together');
  }
  const tls = certPath && keyPath ? { certPath, keyPath } : undefined;
  const issuer = (env.GATEHOUSE_ISSUER || `${tls ? 'https' : 'http'}://localhost:${port}`).replace(/\/+$/, '');
  try {
    const url = new URL(issuer);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
  } catch {
    throw new Error(`GATEHOUSE_ISSUER must be an http(s) URL, got ${JSON.stringify(issuer)}`);
  }
  const id = env.GATEHOUSE_BOOTSTRAP_CLIENT_ID;
  const secret = env.GATEHOUSE_BOOTSTRAP_CLIENT_SECRET;
  if (Boolean(id) !== Boolean(secret)) {
    throw new Error('GATEHOUSE_BOOTSTRAP_CLIENT_ID and GATEHOUSE_BOOTSTRAP_CLIENT_SECRET must be set together');
  }
  if (secret && secret.length < 32) {
    throw new Error('GATEHOUSE_BOOTSTRAP_CLIENT_SECRET must be at least 32 characters');
  }
  const adminEmail = env.GATEHOUSE_ADMIN_EMAIL;
  const adminPassword = env.GATEHOUSE_ADMIN_PASSWORD;
  if (Boolean(adminEmail) !== Boolean(adminPassword)) {
    throw new Error('GATEHOUSE_ADMIN_EMAIL and GATEHOUSE_ADMIN_PASSWORD must be set together');
  }
  if (adminEmail && !/^[^\s@]+@[^\s@]+$/.test(adminEmail)) throw new Error('GATEHOUSE_ADMIN_EMAIL must be an email address');
  if (adminPassword && adminPassword.length < 12) throw new Error('GATEHOUSE_ADMIN_PASSWORD must be at least 12 characters');
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error('DATABASE_URL must start with postgres:// or postgresql://');
  }
  return {
    port,
    host: env.HOST || '0.0.0.0',
    issuer,
    dataDir: path.resolve(env.GATEHOUSE_DATA_DIR || './data'),
    databaseUrl,
    databasePoolMax: integer(env, 'GATEHOUSE_DATABASE_POOL_MAX', 10),
    tls,
    bootstrapClient: id && secret ? { clientId: id, clientSecret: secret } : undefined,
    workers: integer(env, 'GATEHOUSE_WORKERS', 1),
    admin: adminEmail && adminPassword ? { email: adminEmail, password: adminPassword } : undefined,
    logLevel: env.GATEHOUSE_LOG_LEVEL || 'info',
    trustProxy: trustProxy(env),
    metrics: metricsListener(env, port),
    limits: {
      organizationConnections: integer(env, 'GATEHOUSE_MAX_ORG_CONNECTIONS', 10),
      organizationMetadataKeys: integer(env, 'GATEHOUSE_MAX_ORG_METADATA_KEYS', 25),
      memberRoles: integer(env, 'GATEHOUSE_MAX_MEMBER_ROLES', 50),
    },
    rateLimit: {
      max: integer(env, 'GATEHOUSE_MGMT_RATE_LIMIT', 600),
      windowSeconds: integer(env, 'GATEHOUSE_MGMT_RATE_WINDOW', 60),
    },
    scimRateLimit: integer(env, 'GATEHOUSE_SCIM_RATE_LIMIT', 1200),
    signInThrottle: {
      perAccount: integer(env, 'GATEHOUSE_SIGNIN_MAX_FAILURES_PER_ACCOUNT', 10),
      perIp: integer(env, 'GATEHOUSE_SIGNIN_MAX_FAILURES_PER_IP', 100),
      windowSeconds: integer(env, 'GATEHOUSE_SIGNIN_FAILURE_WINDOW', 900),
    },
    orgNameClaim: env.GATEHOUSE_ORG_NAME_CLAIM === 'true',
    exportPasswordHashes: env.GATEHOUSE_EXPORT_PASSWORD_HASHES === 'true',
    managementTokenTtl: integer(env, 'GATEHOUSE_MGMT_TOKEN_TTL', 86400, 60),
    logRetentionDays: integer(env, 'GATEHOUSE_LOG_RETENTION_DAYS', 30),
    signingKeyActivationDelay: integer(env, 'GATEHOUSE_SIGNING_KEY_ACTIVATION_DELAY', 900, 0),
    social: {
      googleDiscoveryUrl: httpUrl(env, 'GATEHOUSE_GOOGLE_DISCOVERY_URL', 'https://accounts.google.com/.well-known/openid-configuration'),
      githubUrl: httpUrl(env, 'GATEHOUSE_GITHUB_URL', 'https://github.com'),
      githubApiUrl: httpUrl(env, 'GATEHOUSE_GITHUB_API_URL', 'https://api.github.com'),
    },
    email: { smtpUrl: smtpUrl(env), from: env.GATEHOUSE_EMAIL_FROM || 'Gatehouse <no-reply@localhost>' },
    logStreams: logStreamOptions(env),
    dnsServers: dnsServers(env),
    importJobs: {
      batchSize: integer(env, 'GATEHOUSE_IMPORT_BATCH_SIZE', 500),
      leaseMs: integer(env, 'GATEHOUSE_IMPORT_LEASE_MS', 30_000, 1000),
      pollMs: integer(env, 'GATEHOUSE_IMPORT_POLL_MS', 5000, 100),
      chunkBytes: integer(env, 'GATEHOUSE_IMPORT_CHUNK_BYTES', 1024 * 1024, 1024),
      maxFileBytes: integer(env, 'GATEHOUSE_IMPORT_MAX_FILE_BYTES', 512 * 1024 * 1024, 1024),
    },
    ...overrides,
  };
}

/** `GATEHOUSE_DNS_SERVERS`: each entry an IP address, with an optional port (`1.2.3.4:53`, `[::1]:53`). */
function dnsServers(env: Env): string[] {
  const raw = (env.GATEHOUSE_DNS_SERVERS ?? '').trim();
  if (raw === '') return [];
  return raw.split(',').map((entry) => {
    const value = entry.trim();
    const match = /^\[([0-9a-fA-F:.]+)\](?::(\d{1,5}))?$/.exec(value) ?? /^([0-9.]+)(?::(\d{1,5}))?$/.exec(value);
    const host = match?.[1] ?? value;
    const port = match?.[2] === undefined ? 53 : Number(match[2]);
    if (!isIP(host) || port < 1 || port > 65535) {
      throw new Error(`GATEHOUSE_DNS_SERVERS must be comma-separated IP addresses with optional ports, got ${JSON.stringify(value)}`);
    }
    return value;
  });
}

/**
 * The OpenID issuer identifier (`iss`, discovery's `issuer`): the base URL with a trailing slash,
 * as Auth0 writes it (`https://<domain>/`) and as its SDKs compare it, byte for byte.
 */
export function issuerIdentifier(config: Pick<Config, 'issuer'>): string {
  return `${config.issuer}/`;
}

/** The My Organization API audience, as Auth0 spells it: `<issuer>/my-org/`. */
export function myOrgAudience(config: Pick<Config, 'issuer'>): string {
  return `${config.issuer}/my-org/`;
}

/** The My Account API audience, as Auth0 spells it: `<issuer>/me/`. */
export function myAccountAudience(config: Pick<Config, 'issuer'>): string {
  return `${config.issuer}/me/`;
}

/** The Management API audience, as Auth0 spells it: `<issuer>/api/v2/`. */
export function managementAudience(config: Pick<Config, 'issuer'>): string {
  return `${config.issuer}/api/v2/`;
}
