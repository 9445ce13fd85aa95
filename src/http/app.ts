import fs from 'node:fs';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import swagger from '@fastify/swagger';
import type Provider from 'oidc-provider';
import type { Kysely } from 'kysely';
import { type Config, issuerIdentifier, managementAudience, myAccountAudience, myOrgAudience } from '../config/config.js';
import type { Database, DatabaseStats } from '../db/database.js';
import { createServices, type Services } from '../domain/services.js';
import { type Clock, systemClock } from '../domain/shared/clock.js';
import { createProvider } from '../oidc/provider.js';
import { createTokenVerifier } from '../management/auth.js';
import { managementPlugin } from '../management/plugin.js';
import { exportFileRoutes } from '../management/jobs/export-file.routes.js';
import { ApiErrorSchema } from '../management/schemas.js';
import { mountOidc } from './mount-oidc.js';
import { loginPlugin } from '../login/plugin.js';
import { passwordResetHref, recoveryPlugin } from '../login/recovery/plugin.js';
import type { Federation } from '../federation/federation.js';
import { createOidcUpstream } from '../federation/oidc/index.js';
import { createGithubUpstream } from '../federation/github/index.js';
import { createSamlServiceProvider } from '../federation/saml/index.js';
import { samlMetadataPlugin } from '../federation/saml/metadata.routes.js';
import { buildSerializer } from './serialization.js';
import { buildValidator } from './validation.js';
import { handleRootError } from './root-errors.js';
import { consolePlugin } from '../console/plugin.js';
import { portalPlugin } from '../console/portal-plugin.js';
import { loginProviderPort } from './login-provider.js';
import { dbConnectionsRoutes } from '../authentication/dbconnections.routes.js';
import { createMyOrgTokenVerifier } from '../my-org/auth.js';
import { myOrgPlugin } from '../my-org/plugin.js';
import { createMyAccountTokenVerifier } from '../my-account/auth.js';
import { myAccountPlugin } from '../my-account/plugin.js';
import { accountPagePlugin } from '../console/account-plugin.js';
import { healthRoutes } from './health.routes.js';
import { createMetrics, type Metrics } from './metrics/metrics.js';
import { instrumentRequests } from './metrics/request-metrics.js';
import { withFetchedMetadata } from '../federation/saml/fetch-metadata.js';
import { scimPlugin } from '../scim/plugin.js';
import { selfServicePlugin } from '../self-service/plugin.js';
import { createTestSignInAcs, TEST_SIGN_IN_PREFIX } from '../self-service/test-sign-in.js';

export interface AppDeps {
  config: Config;
  db: Kysely<Database>;
  clock?: Clock;
  /** pino options, or false to silence (tests). */
  logger?: boolean | object;
  /** The database's pool use and error tallies (`Db.stats`), for the metrics when they are kept. */
  databaseStats?: () => DatabaseStats;
}

export interface App {
  app: FastifyInstance;
  provider: Provider;
  services: Services;
  /** This process's metrics; undefined unless `GATEHOUSE_METRICS_PORT` is set. main.ts serves them. */
  metrics: Metrics | undefined;
}

/** Fields that never reach the log. */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.client_secret',
  '*.password',
  '*.access_token',
  '*.refresh_token',
  '*.id_token',
];

/**
 * Requests are logged by path only: query strings carry authorization codes, `id_token_hint`,
 * `login_hint` and tickets, none of which belong in a log.
 */
const SERIALIZERS = {
  req: (request: { method: string; url: string; host?: string; ip?: string; socket?: { remotePort?: number } }) => ({
    method: request.method,
    url: request.url.split('?')[0],
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  }),
};

/**
 * One info line per request, written once the response is sent: method, path, status and time. The
 * request log cost about a fifth of token throughput at two lines per request (issue 16's measure).
 */
function logRequests(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    request.log.info({ req: request, res: { statusCode: reply.statusCode }, responseTime: reply.elapsedTime }, 'request completed');
  });
}

/** Builds the Gatehouse app without listening: the OIDC provider, the Management and My Organization APIs, health. */
export async function buildApp({ config, db, clock = systemClock, logger, databaseStats }: AppDeps): Promise<App> {
  const metrics = config.metrics ? createMetrics({ databaseStats }) : undefined;
  // The database reaches the services only: every other part is given them.
  const services = createServices(db, config, clock, metrics?.domain);
  // Creates the first signing key on a fresh database.
  const keySet = await services.keys.keySet();
  const cookieKeys = await services.keys.loadCookieKeys();
  // The decoy hash for unknown emails is made now, so the first such login is not measurably faster.
  services.signIn.warmUp().catch((error: unknown) => app.log.error({ err: error }, 'decoy hash failed'));
  const provider = createProvider({
    clock,
    issuer: config.issuer,
    keySet,
    cookieKeys,
    services,
    orgNameClaim: config.orgNameClaim,
    secureCookies: config.issuer.startsWith('https://'),
  });

  const app = Fastify({
    logger:
      logger === false
        ? false
        : { level: config.logLevel, redact: REDACT, serializers: SERIALIZERS, ...(typeof logger === 'object' ? logger : {}) },
    https: config.tls ? { cert: fs.readFileSync(config.tls.certPath), key: fs.readFileSync(config.tls.keyPath) } : null,
    // Only for the client IP (request.ip); every public URL comes from the issuer, never from headers.
    trustProxy: config.trustProxy,
    // One line per request instead of Fastify's two (on arrival and on completion): see logRequests.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 256 * 1024,
    schemaController: { compilersFactory: { buildValidator: buildValidator as never, buildSerializer: buildSerializer as never } },
  }) as unknown as FastifyInstance;
  logRequests(app);
  app.addSchema(ApiErrorSchema);
  app.setErrorHandler(handleRootError);
  services.email.setLogger(app.log);
  app.addHook('onClose', async () => {
    await services.email.idle();
    services.email.close();
  });

  await app.register(swagger, {
    openapi: {
      // 3.1: its schema dialect is JSON Schema 2020-12, which the TypeBox route schemas are written in
      // (3.0's subset lacks propertyNames and type null).
      openapi: '3.1.0',
      info: { title: 'Gatehouse Management API', version: 'v2', description: 'Auth0-compatible Management API v2.' },
      servers: [{ url: `${config.issuer}/api/v2` }],
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearerAuth: [] }],
    },
    transform: ({ schema, url }) => ({ schema, url: url.replace(/^\/api\/v2/, '') }),
  });

  // Before the mount: oidc-provider answers its requests in an onRequest hook, and this one times them too.
  if (metrics) instrumentRequests(app, metrics);
  await mountOidc(app, provider);

  await app.register(healthRoutes, { health: services.health });

  const saml = createSamlServiceProvider({ issuer: config.issuer, store: services.protocolStore, clock });
  const federation: Federation = {
    saml,
    oidc: createOidcUpstream({ clock, googleDiscoveryUrl: config.social.googleDiscoveryUrl }),
    github: createGithubUpstream({ endpoints: { webUrl: config.social.githubUrl, apiUrl: config.social.githubApiUrl } }),
    oidcRedirectUri: `${config.issuer}/login/sso/oidc/callback`,
  };
  const selfService = { services, saml, oidc: federation.oidc, oidcRedirectUri: federation.oidcRedirectUri };
  await app.register(loginPlugin, {
    prefix: '/login',
    provider: loginProviderPort(provider, services),
    services,
    csrfSecret: cookieKeys[0],
    federation,
    passwordResetHref,
    testSignIns: {
      prefix: TEST_SIGN_IN_PREFIX,
      acceptSaml: createTestSignInAcs(selfService),
      oidcCallbackPath: '/self-service/setup/test/oidc',
    },
  });
  await app.register(recoveryPlugin, { prefix: '/login', email: services.email, csrfSecret: cookieKeys[0] });

  await app.register(selfServicePlugin, {
    prefix: '/self-service',
    ...selfService,
    csrfSecret: cookieKeys[0],
    secureCookies: config.issuer.startsWith('https://'),
    withFetchedMetadata,
  });
  await app.register(samlMetadataPlugin, { prefix: '/saml', saml, services });
  await app.register(dbConnectionsRoutes, { prefix: '/dbconnections', services });

  const verifyToken = createTokenVerifier({
    // Tokens minted before the issuer gained its trailing slash carry the bare base URL; both name
    // this tenant and only its own keys are trusted, so both are accepted (see README, Upgrading).
    verificationKey: services.keys.verificationKey,
    issuer: [issuerIdentifier(config), config.issuer],
    audience: managementAudience(config),
    clock,
  });
  await app.register(
    async (api) => {
      api.get('/openapi.json', { schema: { hide: true } as object, config: {} }, async () => app.swagger());
      await api.register(managementPlugin, { services, verifyToken, saml });
      await api.register(exportFileRoutes, { services });
    },
    { prefix: '/api/v2' },
  );

  await app.register(myOrgPlugin, {
    prefix: '/my-org/v1',
    services,
    federation: {
      setupValues: (connection): Record<string, string> => {
        if (connection.strategy !== 'samlp') return { redirect_uri: federation.oidcRedirectUri };
        const sp = saml.spValues(connection);
        return { entity_id: sp.entityId, acs_url: sp.acsUrl, metadata_url: sp.metadataUrl };
      },
      withFetchedMetadata,
    },
    verifyToken: createMyOrgTokenVerifier({
      verificationKey: services.keys.verificationKey,
      issuer: issuerIdentifier(config),
      audience: myOrgAudience(config),
      clock,
    }),
  });

  await app.register(myAccountPlugin, {
    prefix: '/me/v1',
    services,
    clock,
    issuer: config.issuer,
    secret: cookieKeys[0],
    verifyToken: createMyAccountTokenVerifier({
      verificationKey: services.keys.verificationKey,
      issuer: issuerIdentifier(config),
      audience: myAccountAudience(config),
      clock,
    }),
  });

  await app.register(scimPlugin, { prefix: '/scim/v2', services, issuer: config.issuer });

  await app.register(consolePlugin, {
    prefix: '/console',
    settings: services.settings,
    issuer: config.issuer,
    audience: managementAudience(config),
  });
  await app.register(portalPlugin, {
    prefix: '/portal',
    settings: services.settings,
    issuer: config.issuer,
    audience: myOrgAudience(config),
  });
  await app.register(accountPagePlugin, {
    prefix: '/account',
    settings: services.settings,
    issuer: config.issuer,
    audience: myAccountAudience(config),
  });
  app.get('/', { schema: { hide: true } as object }, async (_request, reply) => reply.redirect('/console/'));

  return { app, provider, services, metrics };
}
