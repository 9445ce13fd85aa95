import { importJWK, type JWK } from 'jose';
import type { TestServer } from './start-server.js';

/** The server's current signing key and its `kid`, for a test that forges a token the server trusts. */
export async function serverSigningKey(server: TestServer): Promise<{ kid: string; key: Awaited<ReturnType<typeof importJWK>> }> {
  const row = await server.database.db.kysely
    .selectFrom('signing_keys')
    .selectAll()
    .where('retired_at', 'is', null)
    .executeTakeFirstOrThrow();
  const jwk = JSON.parse(row.private_jwk) as JWK;
  return { kid: jwk.kid!, key: await importJWK(jwk, 'RS256') };
}
