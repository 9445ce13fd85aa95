import http from 'node:http';
import Provider, { type Configuration } from 'oidc-provider';
import { freePort, type BenchServer } from '../lib/gatehouse.js';
import { throughput } from '../lib/load.js';

/** The API both servers mint tokens for. */
export const BENCH_API = 'https://bench.example/api';
const SCOPE = 'read:bench';

/** Registers the bench API (one scope) through the Management API. */
export async function createBenchApi(server: BenchServer): Promise<void> {
  await server.api('POST', '/resource-servers', { name: 'Bench API', identifier: BENCH_API, scopes: [{ value: SCOPE }] });
}

/** A machine-to-machine application with a client grant for the bench API. */
export async function registerMachineClient(server: BenchServer): Promise<{ clientId: string; clientSecret: string }> {
  const client = await server.api('POST', '/clients', {
    name: 'Bench M2M',
    app_type: 'non_interactive',
    grant_types: ['client_credentials'],
    token_endpoint_auth_method: 'client_secret_post',
  });
  await server.api('POST', '/client-grants', { client_id: client.client_id, audience: BENCH_API, scope: [SCOPE] });
  return { clientId: client.client_id, clientSecret: client.client_secret };
}

/**
 * The baseline's configuration: one static client, in-memory state, the given signing keys and a
 * resource indicator with JWT access tokens — what a Gatehouse token costs without Gatehouse.
 * Used here and by bench/bare-provider.ts (the same baseline as a process of its own).
 */
export function bareProviderConfiguration(
  client: { clientId: string; clientSecret: string },
  keys: NonNullable<Configuration['jwks']>['keys'],
): Configuration {
  return {
    clients: [
      {
        client_id: client.clientId,
        client_secret: client.clientSecret,
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    jwks: { keys },
    routes: { token: '/oauth/token' },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => BENCH_API,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          audience: BENCH_API,
          scope: SCOPE,
          accessTokenTTL: 86400,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
  };
}

/** The ceiling: oidc-provider alone, one static client, in-memory state, the same RS256 key and the same JWT access token. */
async function startBareProvider(server: BenchServer, client: { clientId: string; clientSecret: string }) {
  const port = await freePort();
  const keys = (await server.app.services.keys.keySet()).published;
  const provider = new Provider(
    `http://localhost:${port}`,
    bareProviderConfiguration(client, keys as NonNullable<Configuration['jwks']>['keys']),
  );
  const httpServer = http.createServer(provider.callback());
  await new Promise<void>((resolve) => httpServer.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => httpServer.close(() => resolve())) };
}

/** Client-credentials tokens per second against `baseUrl` (form body, Auth0's `audience`). */
export async function tokensPerSecond(
  baseUrl: string,
  client: { clientId: string; clientSecret: string },
  seconds: number,
): Promise<number> {
  const body = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: client.clientId,
    client_secret: client.clientSecret,
    audience: BENCH_API,
  }).toString();
  const result = await throughput({
    url: `${baseUrl}/oauth/token`,
    method: 'POST',
    body,
    seconds,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  return result.perSecond;
}

/** Gatehouse's tokens/s and the bare provider's, measured back to back. */
export async function measureTokens(server: BenchServer, seconds: number): Promise<{ gatehouse: number; bare: number }> {
  const client = await registerMachineClient(server);
  const bare = await startBareProvider(server, client);
  try {
    // One request each first, so that a misconfiguration fails loudly rather than as a zero rate.
    for (const url of [server.url, bare.url]) {
      const res = await fetch(`${url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: client.clientId,
          client_secret: client.clientSecret,
          audience: BENCH_API,
        }),
      });
      if (res.status !== 200) throw new Error(`token from ${url}: ${res.status} ${await res.text()}`);
    }
    const baseline = await tokensPerSecond(bare.url, client, seconds);
    const gatehouse = await tokensPerSecond(server.url, client, seconds);
    return { gatehouse, bare: baseline };
  } finally {
    await bare.close();
  }
}
