/**
 * The bench's token baseline as a process of its own, for `bench/profile-cli.ts`: a bare
 * oidc-provider (one static client, in-memory state, an RS256 key, a resource indicator with JWT
 * access tokens), configured as `startBareProvider` in scenarios/tokens.ts. Reads the client and
 * the port from argv, prints `listening` once it serves.
 */
import http from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';
import { BENCH_API } from './scenarios/tokens.js';

const [port, clientId, clientSecret] = process.argv.slice(2);
const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const provider = new Provider(`http://localhost:${port}`, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_post',
    },
  ],
  jwks: { keys: [{ ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'bench' }] as never },
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
        scope: 'read:bench',
        accessTokenTTL: 86400,
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
});
const server = http.createServer(provider.callback());
server.listen(Number(port), '127.0.0.1', () => process.stdout.write('listening\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
