/**
 * The bench's token baseline as a process of its own, for `bench/profile-cli.ts`: a bare
 * oidc-provider (one static client, in-memory state, an RS256 key, a resource indicator with JWT
 * access tokens), configured by scenarios/tokens.ts's `bareProviderConfiguration`. Reads the client and
 * the port from argv, prints `listening` once it serves.
 */
import http from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';
import { bareProviderConfiguration } from './scenarios/tokens.js';

const [port, clientId, clientSecret] = process.argv.slice(2);
const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const provider = new Provider(
  `http://localhost:${port}`,
  bareProviderConfiguration({ clientId, clientSecret }, [
    { ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'bench' },
  ] as never),
);
const server = http.createServer(provider.callback());
server.listen(Number(port), '127.0.0.1', () => process.stdout.write('listening\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
