import path from 'node:path';
import { ManagementClient } from 'auth0';
import type { DialectName } from '../../src/db/database.js';
import { startServer, type StartOptions, type TestServer } from './start-server.js';

/** The fixture certificate the test runner trusts: the official SDK speaks HTTPS only. */
export const TLS = { certPath: path.resolve('test/fixtures/tls/cert.pem'), keyPath: path.resolve('test/fixtures/tls/key.pem') };

/** The official `auth0` SDK against a server, as its bootstrap application (every scope), no retries. */
export function managementSdk(server: TestServer): ManagementClient {
  return new ManagementClient({
    domain: new URL(server.url).host,
    clientId: server.bootstrap.clientId,
    clientSecret: server.bootstrap.clientSecret,
    maxRetries: 0,
  });
}

/** Gatehouse on HTTPS over a fresh database of the dialect, with the SDK signed in to it. */
export async function startWithSdk(
  dialect: DialectName,
  options: Omit<StartOptions, 'tls'> = {},
): Promise<{ server: TestServer; management: ManagementClient }> {
  const server = await startServer(dialect, { ...options, tls: TLS });
  return { server, management: managementSdk(server) };
}
