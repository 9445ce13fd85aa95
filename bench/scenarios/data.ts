import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/db/database.js';
import { membersQuery } from '../../src/domain/memberships/memberships.queries.js';
import { parseUserSearch, parseUserSort } from '../../src/domain/users/users.search.js';
import type { BenchServer } from '../lib/gatehouse.js';
import { medianLatency } from '../lib/load.js';
import { seedMembers, seededEmail } from '../lib/seed.js';
import { hashPassword } from '../../src/domain/users/passwords.js';
import { drive, PASSWORD, type LoginJob } from './login.js';

export interface DataResults {
  /** p50 ms of the first members page (take=50) of the small and the large organization. */
  members: { small: number; large: number; plan: string[] };
  /** p50 ms of `q=email:…` on the small and the large users table. */
  search: { small: number; large: number; plan: string[] };
  /** Password logins/s of a seeded user among the small and among the large number of users. */
  login: { small: number; large: number };
  seed: { users: number; seconds: number };
}

/** The plan the database picks for a query, one line per step. */
async function plan(db: Kysely<Database>, dialect: string, query: { sql: string; parameters: readonly unknown[] }): Promise<string[]> {
  const prefix = dialect === 'sqlite' ? 'EXPLAIN QUERY PLAN ' : 'EXPLAIN ';
  const { rows } = await db.executeQuery<Record<string, unknown>>({
    ...sql``.compile(db),
    sql: prefix + query.sql,
    parameters: query.parameters,
  });
  return rows.map((r) => String(r.detail ?? r['QUERY PLAN'] ?? JSON.stringify(r)));
}

/** The users-list query `GET /api/v2/users?q=email:<email>` runs (offset page, default sort). */
function searchQuery(db: Kysely<Database>, email: string) {
  const sort = parseUserSort(undefined);
  return db
    .selectFrom('users')
    .where(parseUserSearch(`email:${email}`)!)
    .selectAll()
    .orderBy((eb) => eb(sort.column, 'is', null))
    .orderBy(sort.column, sort.direction)
    .orderBy('id')
    .limit(50)
    .offset(0);
}

/**
 * Seeds `small` users, all members of a small organization, and times the user search; then seeds up
 * to `large` users, all members of a large organization, and times the search and both member lists.
 */
export async function measureData(
  server: BenchServer,
  sizes: { small: number; large: number },
  seconds: number,
  loginJob: LoginJob,
): Promise<DataResults> {
  const db = server.db.kysely;
  const smallOrg = await server.api('POST', '/organizations', { name: 'bench-small' });
  const largeOrg = await server.api('POST', '/organizations', { name: 'bench-large' });
  const token = await server.managementToken();
  const headers = { authorization: `Bearer ${token}` };
  const searchUrl = (n: number) => `${server.url}/api/v2/users?q=${encodeURIComponent(`email:${seededEmail(n)}`)}`;

  // The seeded users sign in on the login scenario's connection, with one shared password hash.
  const connections = (await server.api('GET', '/connections?name=bench-users')) as unknown as { id: string }[];
  const login = { connectionId: connections[0].id, passwordHash: await hashPassword(PASSWORD) };
  const logins = (n: number) => drive({ ...loginJob, email: seededEmail(n) });

  const started = performance.now();
  await seedMembers(db, 0, sizes.small, [smallOrg.id, largeOrg.id], login);
  const firstSeed = performance.now() - started;
  const smallSearch = await medianLatency({ url: searchUrl(sizes.small >> 1), headers, seconds });
  const smallLogins = await logins(sizes.small >> 1);

  const resumed = performance.now();
  await seedMembers(db, sizes.small, sizes.large - sizes.small, [largeOrg.id], login);
  const seedSeconds = (firstSeed + performance.now() - resumed) / 1000;
  // Fresh statistics, as a long-running database would have them.
  await sql`ANALYZE`.execute(db);
  // Seeding holds this process's event loop (better-sqlite3 is synchronous) for minutes at a million
  // users: let the server's overdue keep-alive timers close the idle sockets now, so the next fetch
  // opens a fresh connection instead of racing a close (ECONNRESET).
  await new Promise((resolve) => setTimeout(resolve, 500));

  const check = (await fetch(searchUrl(sizes.large >> 1), { headers }).then((r) => r.json())) as unknown[];
  if (!Array.isArray(check) || check.length !== 1) throw new Error(`search found ${JSON.stringify(check).slice(0, 200)}`);
  const largeSearch = await medianLatency({ url: searchUrl(sizes.large >> 1), headers, seconds });
  const membersUrl = (id: string) => `${server.url}/api/v2/organizations/${id}/members?take=50`;
  const smallMembers = await medianLatency({ url: membersUrl(smallOrg.id), headers, seconds });
  const largeMembers = await medianLatency({ url: membersUrl(largeOrg.id), headers, seconds });
  const largeLogins = await logins(sizes.large >> 1);

  const dialect = server.db.dialect;
  return {
    members: {
      small: smallMembers,
      large: largeMembers,
      plan: await plan(db, dialect, membersQuery(db, largeOrg.id).orderBy('m.user_id').limit(51).compile()),
    },
    search: {
      small: smallSearch,
      large: largeSearch,
      plan: await plan(db, dialect, searchQuery(db, seededEmail(sizes.large >> 1)).compile()),
    },
    login: { small: smallLogins, large: largeLogins },
    seed: { users: sizes.large, seconds: seedSeconds },
  };
}
