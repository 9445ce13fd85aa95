// GET /api/v2/stats/daily and /stats/active-users: figures computed from the events table, per UTC
// day, with Gatehouse's failed_logins and organization filter. The server runs on a fixed clock so
// that "today" and "the last 30 days" are known; events are recorded at chosen instants.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ManagementClient } from 'auth0';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import type { Actor } from '../../src/domain/events/actor.js';
import type { EventInput } from '../../src/domain/events/events.types.js';
import { eventId, insertEvents } from '../../src/domain/events/events.queries.js';
import { prepare } from '../../src/runtime.js';
import { ADMIN_ROLE_NAME } from '../../src/domain/bootstrap/tenant-admin.js';
import { managementAudience } from '../../src/config/config.js';

const TLS = { certPath: path.resolve('test/fixtures/tls/cert.pem'), keyPath: path.resolve('test/fixtures/tls/key.pem') };
const NOW = new Date('2026-03-15T12:00:00.000Z');
const ACME = 'org_statsAcme';
const GLOBEX = 'org_statsGlobex';

const user = (id: string, organizationId?: string): Actor => ({ type: 'user', id, organizationId });
const anonymous: Actor = { type: 'anonymous', id: 'anonymous', ip: '203.0.113.9' };

interface Day {
  date: string;
  logins: number;
  failed_logins: number;
  signups: number;
}

/** The figures of each day, without the timestamps, for comparing with what a test expects. */
function figures(days: Day[]): [string, number, number, number][] {
  return days.map((d) => [d.date.slice(0, 10), d.logins, d.failed_logins, d.signups]);
}

for (const dialect of DIALECTS) {
  describe(`stats API [${dialect}]`, () => {
    let server: TestServer;
    let now = NOW;

    /** Records an event through the events service as if it happened at `at`. */
    async function recordAt(at: string, actor: Actor, input: EventInput): Promise<void> {
      now = new Date(at);
      try {
        await server.app.services.events.record(server.database.db.kysely, actor, input);
      } finally {
        now = NOW;
      }
    }

    /**
     * A user made through the Management API or by an IdP login, stored as the events service stores
     * it (type `sapi` for the API). Written as a row because those codes come with the users and
     * provisioning services.
     */
    async function newUserAt(at: string, action: 'user_created' | 'user_provisioned', userId: string, organizationId: string | null) {
      const api = action === 'user_created';
      await insertEvents(server.database.db.kysely, [
        {
          id: eventId(new Date(at)),
          seq: null,
          type: api ? 'sapi' : action,
          action,
          date: at,
          description: api ? 'Success API Operation' : 'User provisioned',
          actor_type: api ? 'client' : 'system',
          actor_id: api ? 'stats-test-client' : 'gatehouse',
          client_id: api ? 'stats-test-client' : null,
          client_name: null,
          ip: null,
          user_agent: null,
          user_id: userId,
          user_name: null,
          connection: null,
          connection_id: null,
          strategy: null,
          strategy_type: null,
          organization_id: organizationId,
          organization_name: null,
          details: JSON.stringify(api ? { action } : {}),
        },
      ]);
    }

    before(async () => {
      server = await startServer(dialect, { tls: TLS, clock: { now: () => now } });
      // 10 March: three sign-ins (two in Acme, one in Globex), a wrong password in Acme, a sign-up.
      await recordAt('2026-03-10T00:00:00.000Z', user('auth0|u1', ACME), { type: 's' });
      await recordAt('2026-03-10T10:00:00.000Z', user('auth0|u2', GLOBEX), { type: 's' });
      await recordAt('2026-03-10T23:59:59.999Z', user('auth0|u1', ACME), { type: 's' });
      await recordAt('2026-03-10T08:00:00.000Z', anonymous, { type: 'fp', userId: 'auth0|u1', organizationId: ACME });
      await recordAt('2026-03-10T09:00:00.000Z', user('auth0|u3'), { type: 'ss' });
      // 11 March: nothing. 12 March: three refusals in Globex, a user by API, one provisioned in Acme,
      // and events no figure counts.
      await recordAt('2026-03-12T01:00:00.000Z', anonymous, { type: 'f', organizationId: GLOBEX });
      await recordAt('2026-03-12T02:00:00.000Z', anonymous, { type: 'fu', organizationId: GLOBEX });
      await recordAt('2026-03-12T03:00:00.000Z', anonymous, { type: 'limit_wc', userId: 'auth0|u2', organizationId: GLOBEX });
      await newUserAt('2026-03-12T04:00:00.000Z', 'user_created', 'auth0|u4', null);
      await newUserAt('2026-03-12T05:00:00.000Z', 'user_provisioned', 'samlp|acme|u5', ACME);
      await recordAt('2026-03-12T06:00:00.000Z', user('auth0|u2', GLOBEX), { type: 'slo' });
      await recordAt('2026-03-12T07:00:00.000Z', { type: 'client', id: 'c', api: 'management' }, { type: 'organization_created' });
      // Midnight belongs to the day it starts.
      await recordAt('2026-03-13T00:00:00.000Z', user('auth0|u6', GLOBEX), { type: 's' });
      // Active-user window (30 days before NOW = 13 Feb 12:00): one sign-in inside, one outside.
      await recordAt('2026-02-14T09:00:00.000Z', user('auth0|u7'), { type: 's' });
      await recordAt('2026-02-01T09:00:00.000Z', user('auth0|u8'), { type: 's' });
    });
    after(async () => {
      await server?.close();
    });

    it('counts logins, failed logins and signups per UTC day, with zeros for days without events', async () => {
      const res = await server.api('GET', '/stats/daily?from=20260309&to=20260313');
      assert.equal(res.status, 200);
      assert.deepEqual(figures(res.body), [
        ['2026-03-09', 0, 0, 0],
        ['2026-03-10', 3, 1, 1],
        ['2026-03-11', 0, 0, 0],
        ['2026-03-12', 0, 3, 2],
        ['2026-03-13', 1, 0, 0],
      ]);
    });

    it("answers Auth0's entry shape: the day's start as date, the first and last counted events as created_at and updated_at", async () => {
      const res = await server.api('GET', '/stats/daily?from=20260310&to=20260311');
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, [
        {
          date: '2026-03-10T00:00:00.000Z',
          logins: 3,
          signups: 1,
          leaked_passwords: 0,
          failed_logins: 1,
          created_at: '2026-03-10T00:00:00.000Z',
          updated_at: '2026-03-10T23:59:59.999Z',
        },
        {
          date: '2026-03-11T00:00:00.000Z',
          logins: 0,
          signups: 0,
          leaked_passwords: 0,
          failed_logins: 0,
          created_at: '2026-03-11T00:00:00.000Z',
          updated_at: '2026-03-11T00:00:00.000Z',
        },
      ]);
    });

    it("counts only one organization's events with organization_id", async () => {
      const acme = await server.api('GET', `/stats/daily?from=20260310&to=20260313&organization_id=${ACME}`);
      assert.equal(acme.status, 200);
      assert.deepEqual(figures(acme.body), [
        ['2026-03-10', 2, 1, 0],
        ['2026-03-11', 0, 0, 0],
        ['2026-03-12', 0, 0, 1],
        ['2026-03-13', 0, 0, 0],
      ]);
      const globex = await server.api('GET', `/stats/daily?from=20260310&to=20260313&organization_id=${GLOBEX}`);
      assert.deepEqual(figures(globex.body), [
        ['2026-03-10', 1, 0, 0],
        ['2026-03-11', 0, 0, 0],
        ['2026-03-12', 0, 3, 0],
        ['2026-03-13', 1, 0, 0],
      ]);
    });

    it('covers the 30 days up to today (UTC) when from and to are left out', async () => {
      const res = await server.api('GET', '/stats/daily');
      assert.equal(res.status, 200);
      assert.equal(res.body.length, 30);
      assert.equal(res.body[0].date, '2026-02-14T00:00:00.000Z');
      assert.equal(res.body[29].date, '2026-03-15T00:00:00.000Z');
      assert.equal(res.body[0].logins, 1);
      const only = await server.api('GET', '/stats/daily?from=20260313');
      assert.deepEqual(
        only.body.map((d: Day) => d.date.slice(0, 10)),
        ['2026-03-13', '2026-03-14', '2026-03-15'],
      );
    });

    it('accepts a range of 366 days (a leap year)', async () => {
      const res = await server.api('GET', '/stats/daily?from=20240101&to=20241231');
      assert.equal(res.status, 200);
      assert.equal(res.body.length, 366);
      assert.equal(res.body[365].date, '2024-12-31T00:00:00.000Z');
    });

    for (const [query, field, rule] of [
      ['from=2026-03-10', 'from', 'String does not match pattern ^[0-9]{8}$: 2026-03-10'],
      ['to=2026031', 'to', 'String does not match pattern ^[0-9]{8}$: 2026031'],
      ['from=20260231', 'from', 'Not a calendar day: 20260231'],
      ['from=20260101&to=20261301', 'to', 'Not a calendar day: 20261301'],
      ['from=20260312&to=20260310', 'from', 'from (20260312) is after to (20260310)'],
      ['from=20260316', 'from', 'from (20260316) is after to (today)'],
      ['from=20250101&to=20260102', 'from', 'The range spans 367 days, maximum 366'],
      ['organization_id=acme', 'organization_id', 'String does not match pattern ^org_[A-Za-z0-9]+$: acme'],
    ] as const) {
      it(`answers 400 invalid_query_string naming ${field} for ${query}`, async () => {
        const res = await server.api('GET', `/stats/daily?${query}`);
        assert.equal(res.status, 400);
        assert.equal(res.body.errorCode, 'invalid_query_string');
        assert.equal(res.body.message, `Query validation error: '${rule}' on property ${field}.`);
      });
    }

    it('answers 400 naming an unknown query parameter', async () => {
      const res = await server.api('GET', '/stats/daily?since=20260101');
      assert.equal(res.status, 400);
      assert.equal(res.body.message, "Query validation error: 'Additional properties not allowed: since' on property since.");
    });

    it('answers 403 insufficient_scope without read:stats, on both routes', async () => {
      const token = await server.token(['read:users']);
      for (const route of ['/stats/daily', '/stats/active-users']) {
        const res = await server.api('GET', route, undefined, token);
        assert.equal(res.status, 403, route);
        assert.equal(res.body.errorCode, 'insufficient_scope');
        assert.equal(res.body.message, 'Insufficient scope; expected any of: read:stats.');
      }
      const allowed = await server.api('GET', '/stats/daily?from=20260310&to=20260310', undefined, await server.token(['read:stats']));
      assert.equal(allowed.status, 200);
    });

    it('counts the distinct users who logged in during the last 30 days as active users', async () => {
      const res = await server.api('GET', '/stats/active-users');
      assert.equal(res.status, 200);
      // u1 (twice), u2, u6 and u7; u8 signed in 42 days ago, and refusals and sign-ups are no logins.
      assert.equal(res.body, 4);
      const acme = await server.api('GET', `/stats/active-users?organization_id=${ACME}`);
      assert.equal(acme.body, 1);
    });

    it('is read by the auth0 SDK (stats.getDaily, stats.getActiveUsersCount)', async () => {
      const management = new ManagementClient({
        domain: new URL(server.url).host,
        clientId: server.bootstrap.clientId,
        clientSecret: server.bootstrap.clientSecret,
        maxRetries: 0,
      });
      const days = await management.stats.getDaily({ from: '20260310', to: '20260312' });
      assert.deepEqual(
        days.map((d) => [d.date, d.logins, d.signups, d.leaked_passwords]),
        [
          ['2026-03-10T00:00:00.000Z', 3, 1, 0],
          ['2026-03-11T00:00:00.000Z', 0, 0, 0],
          ['2026-03-12T00:00:00.000Z', 0, 2, 0],
        ],
      );
      assert.equal(days[2].failed_logins, 3);
      assert.equal(await management.stats.getActiveUsersCount(), 4);
    });

    it('gives read:stats to the bootstrap application and the tenant administrator of an existing deployment on start', async () => {
      const db = server.database.db.kysely;
      const audience = managementAudience(server.config);
      const withoutStats = (scopes: string[]) => scopes.filter((s) => s !== 'read:stats');
      // A deployment made before read:stats existed.
      const system = await db.selectFrom('resource_servers').select(['id', 'scopes']).where('is_system', '=', 1).executeTakeFirstOrThrow();
      const scopes = (JSON.parse(system.scopes) as { value: string }[]).filter((s) => s.value !== 'read:stats');
      await db
        .updateTable('resource_servers')
        .set({ scopes: JSON.stringify(scopes) })
        .where('id', '=', system.id)
        .execute();
      const grant = await db
        .selectFrom('client_grants')
        .select(['id', 'scope'])
        .where('client_id', '=', server.bootstrap.clientId)
        .where('audience', '=', audience)
        .executeTakeFirstOrThrow();
      await db
        .updateTable('client_grants')
        .set({ scope: JSON.stringify(withoutStats(JSON.parse(grant.scope))) })
        .where('id', '=', grant.id)
        .execute();
      const role = await db.selectFrom('roles').select('id').where('name', '=', ADMIN_ROLE_NAME).executeTakeFirstOrThrow();
      await db.deleteFrom('role_permissions').where('role_id', '=', role.id).where('permission_name', '=', 'read:stats').execute();

      await prepare(server.config, server.database.db);

      const regranted = await db.selectFrom('client_grants').select('scope').where('id', '=', grant.id).executeTakeFirstOrThrow();
      assert.ok((JSON.parse(regranted.scope) as string[]).includes('read:stats'));
      const permission = await db
        .selectFrom('role_permissions')
        .select('permission_name')
        .where('role_id', '=', role.id)
        .where('resource_server_identifier', '=', audience)
        .where('permission_name', '=', 'read:stats')
        .executeTakeFirst();
      assert.ok(permission, 'the tenant administrator role holds read:stats again');
      const api = await db.selectFrom('resource_servers').select('scopes').where('id', '=', system.id).executeTakeFirstOrThrow();
      assert.ok((JSON.parse(api.scopes) as { value: string }[]).some((s) => s.value === 'read:stats'));
    });
  });
}
