import path from 'node:path';
import type { TestServer } from '../helpers/start-server.js';

/** The fixture certificate for `localhost`; the test runner trusts it through NODE_EXTRA_CA_CERTS. */
export const TLS = { certPath: path.resolve('test/fixtures/tls/cert.pem'), keyPath: path.resolve('test/fixtures/tls/key.pem') };

/** What Auth0's SDKs call the tenant: `localhost:<port>`, which they reach as `https://<domain>/`. */
export function domainOf(server: TestServer): string {
  return new URL(server.url).host;
}

/** An API whose organization role `<name>-reader` permits `read:data`, given to the member in the organization. */
export async function grantApiRole(server: TestServer, api: string, organizationId: string, userId: string, name: string): Promise<void> {
  const role = (await server.api('POST', '/roles', { name: `${name}-reader` })).body;
  await server.api('POST', `/roles/${role.id}/permissions`, {
    permissions: [{ permission_name: 'read:data', resource_server_identifier: api }],
  });
  const assigned = await server.api('POST', `/organizations/${organizationId}/members/${encodeURIComponent(userId)}/roles`, {
    roles: [role.id],
  });
  if (assigned.status !== 204) throw new Error(`role: ${assigned.status} ${JSON.stringify(assigned.body)}`);
}
