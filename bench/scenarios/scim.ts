import { randomBytes, randomUUID } from 'node:crypto';
import type { BenchServer } from '../lib/gatehouse.js';
import { medianLatency } from '../lib/load.js';
import { newUserRow } from '../../src/domain/users/users.queries.js';

const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PER_TRANSACTION = 10_000;
const BATCH = 400;

/** An enterprise connection with SCIM on and a token; its SCIM base URL. */
async function scimConnection(server: BenchServer, name: string) {
  const connection = await server.api('POST', '/connections', {
    name,
    strategy: 'samlp',
    options: { signInEndpoint: 'https://idp.bench.example/sso', domain_aliases: [`${name}.example`] },
  });
  await server.api('POST', `/connections/${connection.id}/scim-configuration`, {}, 201);
  const token = await server.api('POST', `/connections/${connection.id}/scim-configuration/tokens`, {}, 201);
  return {
    id: connection.id as string,
    name: connection.name as string,
    base: `${server.url}/scim/v2/connections/${connection.id}`,
    token: token.token as string,
  };
}

/** Runs `count` requests made by `request(n)` over 8 concurrent loops; users created per second. */
async function createsPerSecond(count: number, request: (n: number) => Promise<Response>): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < count) {
        const n = next++;
        const res = await request(n);
        await res.arrayBuffer();
        if (res.status !== 201) throw new Error(`create ${n}: ${res.status}`);
      }
    }),
  );
  return count / ((performance.now() - start) / 1000);
}

/** SCIM users written straight into the tables, as SCIM would have made them: for the look-up scenario only. */
async function seedScimUsers(server: BenchServer, connection: { id: string; name: string }, count: number): Promise<void> {
  const db = server.db.kysely;
  const now = new Date().toISOString();
  for (let start = 0; start < count; start += PER_TRANSACTION) {
    await db.transaction().execute(async (trx) => {
      for (let batch = start; batch < Math.min(start + PER_TRANSACTION, count); batch += BATCH) {
        const rows = Array.from({ length: Math.min(BATCH, count - batch) }, (_, i) => {
          const userName = `seed${batch + i}@${connection.name}.example`;
          return { userId: `samlp|${connection.name}|${randomBytes(12).toString('hex')}`, userName };
        });
        await trx
          .insertInto('users')
          .values(rows.map((r) => newUserRow({ id: r.userId, now, email: r.userName, email_verified: 1, username: r.userName })))
          .execute();
        await trx
          .insertInto('scim_users')
          .values(
            rows.map((r) => ({
              id: randomUUID(),
              connection_id: connection.id,
              user_id: r.userId,
              user_name: r.userName,
              user_name_normalized: r.userName,
              external_id: null,
              resource: JSON.stringify({ schemas: [USER_SCHEMA], userName: r.userName, active: true }),
              created_at: now,
              updated_at: now,
            })),
          )
          .execute();
      }
    });
  }
}

/**
 * SCIM provisioning vs the Management API's pre-provisioning of enterprise users (both write a user
 * and its identity), and the `userName eq` look-up IdPs make before each change, at two sizes.
 */
export async function measureScim(server: BenchServer, sizes: { provision: number; small: number; large: number }, seconds: number) {
  const provisioned = await scimConnection(server, 'bench-scim-post');
  const scimRate = await createsPerSecond(sizes.provision, (n) =>
    fetch(`${provisioned.base}/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${provisioned.token}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({
        schemas: [USER_SCHEMA],
        userName: `u${n}@bench-scim-post.example`,
        name: { givenName: 'Bench', familyName: `User ${n}` },
        emails: [{ primary: true, value: `u${n}@bench-scim-post.example` }],
        active: true,
      }),
    }),
  );
  const plain = await server.api('POST', '/connections', {
    name: 'bench-scim-mgmt',
    strategy: 'samlp',
    options: { signInEndpoint: 'https://idp.bench.example/sso' },
  });
  const token = await server.managementToken();
  const managementRate = await createsPerSecond(sizes.provision, (n) =>
    fetch(`${server.url}/api/v2/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        connection: plain.name,
        email: `u${n}@bench-scim-mgmt.example`,
        given_name: 'Bench',
        family_name: `User ${n}`,
      }),
    }),
  );

  const filterLatency = async (size: number) => {
    const connection = await scimConnection(server, `bench-scim-${size}`);
    await seedScimUsers(server, connection, size);
    const probe = `seed${Math.floor(size / 2)}@${connection.name}.example`.toUpperCase();
    const filter = encodeURIComponent(`userName eq "${probe}"`);
    return medianLatency({
      url: `${connection.base}/Users?filter=${filter}&startIndex=1&count=100`,
      headers: { authorization: `Bearer ${connection.token}` },
      seconds,
    });
  };
  const small = await filterLatency(sizes.small);
  const large = await filterLatency(sizes.large);
  return { provision: { scim: scimRate, management: managementRate }, filter: { small, large } };
}
