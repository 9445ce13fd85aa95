import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ManagementClient } from 'auth0';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import type { Actor } from '../../src/domain/events/actor.js';
import { createEventsService } from '../../src/domain/events/events.service.js';
import type { EventInput } from '../../src/domain/events/events.types.js';
import { SYSTEM_ACTOR } from '../../src/domain/events/actor.js';

// The audit log through the real wire: entries seeded by Management API writes (organizations
// record `sapi` entries) and by the events service at fixed dates; read with fetch and the auth0 SDK
// (which needs HTTPS; the runner trusts the fixture certificate).
const TLS = { certPath: path.resolve('test/fixtures/tls/cert.pem'), keyPath: path.resolve('test/fixtures/tls/key.pem') };
/** The entries seeded at fixed dates, and nothing else (the API writes happen today). */
const SEEDED = 'date:[2026-01-01 TO 2026-02-28]';
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148';
const DESKTOP = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36';
const ALICE: Actor = { type: 'user', id: 'auth0|alice', ip: '10.0.0.1', userAgent: IPHONE };
const BOB: Actor = { type: 'user', id: 'auth0|bob', ip: '10.0.0.3', userAgent: DESKTOP };
const NOBODY: Actor = { type: 'anonymous', id: 'anonymous', ip: '10.0.0.2', userAgent: DESKTOP };

type Entry = Record<string, any>;
const label = (entry: Entry): string => entry.details.marker ?? entry.details.action;

for (const dialect of DIALECTS) {
  describe(`audit log API [${dialect}]`, () => {
    let server: TestServer;
    let orgA: string;
    const ids: Record<string, string> = {};
    const db = () => server.database.db.kysely;

    /** Records through an events service whose clock stands at `date`. */
    async function recordAt(date: string, actor: Actor, input: EventInput): Promise<void> {
      await createEventsService({ db: db(), clock: { now: () => new Date(date) } }).record(db(), actor, input);
    }

    async function get(pathAndQuery: string, token?: string) {
      return server.api('GET', pathAndQuery, undefined, token);
    }

    const logsPath = (query: Record<string, string | number | boolean>) =>
      `/logs?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}`;

    /** The labels of every entry `q` finds, sorted. */
    async function find(q: string): Promise<string[]> {
      const res = await get(logsPath({ q, per_page: 100 }));
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return (res.body as Entry[]).map(label).sort();
    }

    before(async () => {
      server = await startServer(dialect, { tls: TLS });
      const a = await server.api('POST', '/organizations', { name: 'logs-acme', display_name: 'Acme' });
      assert.equal(a.status, 201);
      orgA = a.body.id;
      assert.equal((await server.api('PATCH', `/organizations/${orgA}`, { display_name: 'Acme Inc' })).status, 200);
      const b = await server.api('POST', '/organizations', { name: 'logs-globex' });
      assert.equal((await server.api('DELETE', `/organizations/${b.body.id}`)).status, 204);

      const database = { connection: 'Username-Password-Authentication', connectionId: 'con_database1', strategy: 'auth0' };
      await recordAt('2026-01-10T08:00:00.000Z', ALICE, {
        type: 's',
        clientId: 'app-one',
        clientName: 'One',
        userName: 'alice@example.com',
        ...database,
        organizationId: orgA,
        organizationName: 'logs-acme',
        details: { marker: 'e1', password: 'never-in-a-log-entry', nested: { refresh_token: 'never-in-a-log-entry' } },
      });
      await recordAt('2026-01-20T09:30:00.000Z', NOBODY, {
        type: 'fp',
        userId: 'auth0|bob',
        userName: 'bob@example.com',
        clientId: 'app-two',
        clientName: 'Two',
        ...database,
        details: { marker: 'e2' },
      });
      await recordAt('2026-02-01T00:00:00.000Z', ALICE, {
        type: 'ss',
        clientId: 'app-one',
        userName: 'alice@example.com',
        organizationId: orgA,
        details: { marker: 'e3' },
      });
      await recordAt('2026-02-01T23:59:59.999Z', NOBODY, {
        type: 'f',
        userId: 'samlp|okta|carol',
        userName: 'carol@okta.example',
        connection: 'okta',
        connectionId: 'con_okta1',
        strategy: 'samlp',
        description: 'Wrong "quoted" thing',
        details: { marker: 'e4' },
      });
      await recordAt('2026-02-02T00:00:00.000Z', BOB, {
        type: 'slo',
        clientId: 'app-two',
        userName: 'bob@example.com',
        details: { marker: 'e5' },
      });
      const seeded = await get(logsPath({ q: SEEDED, sort: 'date:1' }));
      for (const entry of seeded.body as Entry[]) ids[label(entry)] = entry.log_id;
      assert.deepEqual(Object.keys(ids), ['e1', 'e2', 'e3', 'e4', 'e5']);
    });
    after(async () => {
      await server?.close();
    });

    describe('entries', () => {
      it("have Auth0's shape, details parsed, secrets dropped", async () => {
        const res = await get(`/logs/${ids.e1}`);
        assert.equal(res.status, 200);
        assert.match(res.body.log_id, /^\d{20}$/);
        assert.deepEqual(res.body, {
          log_id: ids.e1,
          date: '2026-01-10T08:00:00.000Z',
          type: 's',
          description: 'Success Login',
          client_id: 'app-one',
          client_name: 'One',
          ip: '10.0.0.1',
          user_agent: IPHONE,
          isMobile: true,
          user_id: 'auth0|alice',
          user_name: 'alice@example.com',
          connection: 'Username-Password-Authentication',
          connection_id: 'con_database1',
          strategy: 'auth0',
          strategy_type: 'database',
          organization_id: orgA,
          organization_name: 'logs-acme',
          details: { marker: 'e1', nested: {}, actor: { type: 'user', id: 'auth0|alice' } },
        });
      });

      it('leave out the fields without a value instead of sending null', async () => {
        const res = await get(`/logs/${ids.e4}`);
        assert.equal(res.body.description, 'Wrong "quoted" thing');
        assert.equal(res.body.isMobile, false);
        for (const field of ['client_id', 'client_name', 'organization_id', 'organization_name'])
          assert.equal(field in res.body, false, field);
        assert.ok(Object.values(res.body).every((value) => value !== null));
      });

      it('record a Management API change as sapi with its action, actor and organization', async () => {
        const [entry] = (await get(logsPath({ q: `action:organization_updated AND organization_id:${orgA}` }))).body as Entry[];
        assert.equal(entry.type, 'sapi');
        assert.equal(entry.description, 'Organization updated');
        assert.equal(entry.client_id, server.bootstrap.clientId);
        assert.equal(entry.organization_name, 'logs-acme');
        assert.deepEqual(entry.details, {
          changed: ['display_name'],
          action: 'organization_updated',
          actor: { type: 'client', id: server.bootstrap.clientId, api: 'management' },
        });
      });

      it('answers 404 inexistent_log for an unknown log_id, digits or not', async () => {
        for (const id of ['00000000009999999999', '99999999999999999999', 'not-a-log-id']) {
          const res = await get(`/logs/${id}`);
          assert.equal(res.status, 404);
          assert.equal(res.body.errorCode, 'inexistent_log');
        }
      });
    });

    describe('q', () => {
      const CASES: [string, string, string[]][] = [
        ['type', 'type:s', ['e1']],
        ['type sapi', `type:sapi AND organization_id:{orgA}`, ['organization_created', 'organization_updated']],
        ['action', 'action:organization_deleted', ['organization_deleted']],
        ['user_id, quoted', 'user_id:"auth0|alice"', ['e1', 'e3']],
        ['user_id, unquoted', 'user_id:auth0|bob', ['e2', 'e5']],
        ['client_id', 'client_id:app-two', ['e2', 'e5']],
        ['client_name', 'client_name:One', ['e1']],
        ['connection', 'connection:okta', ['e4']],
        ['connection_id', 'connection_id:con_database1', ['e1', 'e2']],
        ['organization_id', 'organization_id:{orgA}', ['e1', 'e3', 'organization_created', 'organization_updated']],
        ['organization_name', `organization_name:logs-acme AND ${SEEDED}`, ['e1']],
        ['strategy', 'strategy:samlp', ['e4']],
        ['strategy_type', 'strategy_type:enterprise', ['e4']],
        ['strategy_type database', `strategy_type:database AND ${SEEDED}`, ['e1', 'e2']],
        ['user_name', 'user_name:"bob@example.com"', ['e2', 'e5']],
        ['user_name prefix', 'user_name:carol*', ['e4']],
        ['prefix is case-sensitive', 'user_name:Carol*', []],
        ['ip', 'ip:10.0.0.1', ['e1', 'e3']],
        ['user_agent', `user_agent:"${DESKTOP}" AND ${SEEDED}`, ['e2', 'e4', 'e5']],
        ['description with an escaped quote', 'description:"Wrong \\"quoted\\" thing"', ['e4']],
        ['log_id', 'log_id:{e3}', ['e3']],
        ['log_id range', 'log_id:[{e2} TO {e4}}', ['e2', 'e3']],
        ['a whole day', 'date:2026-02-01', ['e3', 'e4']],
        ['a month by prefix', 'date:2026-01*', ['e1', 'e2']],
        ['inclusive day range', 'date:[2026-01-15 TO 2026-02-01]', ['e2', 'e3', 'e4']],
        ['exclusive upper day', 'date:[2026-01-15 TO 2026-02-01}', ['e2']],
        ['exclusive lower day', 'date:{2026-01-10 TO 2026-02-01]', ['e2', 'e3', 'e4']],
        ['instants, exclusive', 'date:{2026-01-10T08:00:00Z TO 2026-02-02T00:00:00.000Z}', ['e2', 'e3', 'e4']],
        ['open lower end', 'date:[* TO 2026-01-10T08:00:00Z]', ['e1']],
        ['a time zone offset', 'date:[2026-02-02T01:00:00+01:00 TO 2026-02-02T01:00:00+01:00]', ['e5']],
        ['OR on one field', 'type:s OR type:fp', ['e1', 'e2']],
        ['OR across fields', 'type:s OR user_id:"auth0|bob"', ['e1', 'e2', 'e5']],
        ['AND', 'user_id:"auth0|alice" AND type:ss', ['e3']],
        ['space is AND', 'user_id:"auth0|alice" type:s', ['e1']],
        ['NOT', 'user_id:"auth0|bob" NOT type:fp', ['e5']],
        ['minus', '-type:fp client_id:app-two', ['e5']],
        ['NOT keeps entries without the field', `NOT client_id:app-one AND ${SEEDED}`, ['e2', 'e4', 'e5']],
        ['parentheses', '(type:s OR type:fp) AND client_id:app-one', ['e1']],
        ['exists', `strategy:* AND ${SEEDED}`, ['e1', 'e2', 'e4']],
        ['bare term', 'okta', ['e4']],
        ['quoted bare term', '"carol@okta.example"', ['e4']],
      ];
      for (const [name, q, expected] of CASES) {
        it(`${name}: ${q}`, async () => {
          const query = q.replaceAll('{orgA}', orgA).replace(/\{(e\d)\}/g, (_, marker: string) => ids[marker]);
          assert.deepEqual(await find(query), expected);
        });
      }

      it('takes q as search too, the name the auth0 SDK sends', async () => {
        const res = await get(logsPath({ search: 'type:fp' }));
        assert.deepEqual((res.body as Entry[]).map(label), ['e2']);
      });

      const BAD: [string, RegExp][] = [
        ['colour:red', /^Query validation error: 'Unknown field colour at position 1; fields are type, action, .*' on property q\.$/],
        ['user_name:"ana', /'Unbalanced quotes'/],
        ['date:2026-13-01', /'Invalid date: 2026-13-01'/],
        ['date:2026-02-30', /'Invalid date: 2026-02-30'/],
        ['date:2026-01-01T10:00:00', /Invalid date: 2026-01-01T10:00:00; use YYYY-MM-DD or an ISO 8601 date-time with a time zone/],
        ['type:[a TO b]', /'Ranges apply to date and log_id only, not type'/],
        ['date:[2026-01-01 2026-02-01]', /'Expected TO in the date range'/],
        ['type:s AND', /'Expected a term at the end'/],
        ['OR type:s', /'Expected a term before OR'/],
        ['(type:s OR type:f', /'Missing closing parenthesis'/],
        ['type:s)', /'Unexpected \) at position 7'/],
        ['type:(s OR f)', /'Grouped values are not supported: write type:a OR type:b'/],
        ['user_name:a*b', /'Wildcards are supported only at the end of a value/],
        ['log_id:12ab', /'Invalid log_id: 12ab; a log_id is up to 20 digits, at most 9007199254740991'/],
        ['log_id:99999999999999999999', /'Invalid log_id: 99999999999999999999; a log_id is up to 20 digits, at most 9007199254740991'/],
        ['type:', /'Empty value for type'/],
        [Array.from({ length: 51 }, (_, i) => `type:t${i}`).join(' OR '), /'Too many terms: at most 50'/],
      ];
      for (const [q, message] of BAD) {
        it(`refuses ${q.slice(0, 40)} with 400 invalid_query_string`, async () => {
          const res = await get(logsPath({ q }));
          assert.equal(res.status, 400);
          assert.equal(res.body.errorCode, 'invalid_query_string');
          assert.match(res.body.message, message);
        });
      }
    });

    describe('offset paging, sort and fields', () => {
      it('pages newest first with totals in Auth0 shape', async () => {
        const first = await get(logsPath({ q: SEEDED, per_page: 2, page: 0, include_totals: true }));
        assert.deepEqual(
          { ...first.body, logs: first.body.logs.map(label) },
          { start: 0, limit: 2, length: 2, total: 5, logs: ['e5', 'e4'] },
        );
        const last = await get(logsPath({ q: SEEDED, per_page: 2, page: 2, include_totals: true }));
        assert.deepEqual({ ...last.body, logs: last.body.logs.map(label) }, { start: 4, limit: 2, length: 1, total: 5, logs: ['e1'] });
      });

      it('answers a plain array without include_totals', async () => {
        const res = await get(logsPath({ q: SEEDED, per_page: 3, page: 1 }));
        assert.deepEqual((res.body as Entry[]).map(label), ['e2', 'e1']);
      });

      it('sorts oldest first with date:1', async () => {
        const res = await get(logsPath({ q: SEEDED, sort: 'date:1' }));
        assert.deepEqual((res.body as Entry[]).map(label), ['e1', 'e2', 'e3', 'e4', 'e5']);
      });

      it('refuses another sort with 400 naming sort', async () => {
        const res = await get(logsPath({ sort: 'user_name:1' }));
        assert.equal(res.status, 400);
        assert.equal(res.body.message, "Query validation error: 'Sort must be date:1 or date:-1' on property sort.");
      });

      it('refuses more than 100 per page', async () => {
        const res = await get(logsPath({ per_page: 101 }));
        assert.equal(res.status, 400);
        assert.equal(res.body.errorCode, 'invalid_query_string');
        assert.match(res.body.message, /per_page/);
      });

      it('returns only the fields named, or all but them', async () => {
        const only = await get(logsPath({ q: 'type:s', fields: 'log_id,type,details', include_fields: true }));
        assert.deepEqual(only.body, [
          { log_id: ids.e1, type: 's', details: { marker: 'e1', nested: {}, actor: { type: 'user', id: 'auth0|alice' } } },
        ]);
        const without = await get(logsPath({ q: 'type:s', fields: 'details,user_agent,isMobile', include_fields: false }));
        assert.deepEqual(Object.keys(without.body[0]).sort(), [
          'client_id',
          'client_name',
          'connection',
          'connection_id',
          'date',
          'description',
          'ip',
          'log_id',
          'organization_id',
          'organization_name',
          'strategy',
          'strategy_type',
          'type',
          'user_id',
          'user_name',
        ]);
      });

      it('refuses an unknown field in fields', async () => {
        const res = await get(logsPath({ fields: 'log_id,hostname' }));
        assert.equal(res.status, 400);
        assert.match(
          res.body.message,
          /^Query validation error: 'Unknown field hostname; fields are log_id, date, .*' on property fields\.$/,
        );
      });
    });

    describe('checkpoint paging', () => {
      const nextOf = (headers: Headers) => {
        const match = /^<\/api\/v2(\/logs\?[^>]+)>; rel="next"$/.exec(headers.get('link') ?? '');
        assert.ok(match, `Link header: ${headers.get('link')}`);
        return match[1];
      };

      /** Every log_id, through offset pages. */
      async function everyLogId(): Promise<string[]> {
        const out: string[] = [];
        for (let page = 0; ; page += 1) {
          const res = await get(logsPath({ page, per_page: 100, include_totals: true }));
          out.push(...(res.body.logs as Entry[]).map((e) => e.log_id));
          if (out.length >= res.body.total) return out.sort();
        }
      }

      it('walks every entry exactly once in log_id order, including entries recorded between two calls', async () => {
        const walked: Entry[] = [];
        let next = logsPath({ take: 3 });
        for (let call = 0; call < 100; call += 1) {
          const res = await get(next);
          assert.equal(res.status, 200);
          assert.ok(Array.isArray(res.body));
          const following = nextOf(res.headers);
          if (res.body.length === 0) {
            assert.equal(following, next, 'an empty page points at itself');
            break;
          }
          walked.push(...res.body);
          if (call < 2)
            await server.app.services.events.record(db(), SYSTEM_ACTOR, {
              type: 'organization_updated',
              details: { marker: `between-${call}` },
            });
          next = following;
        }
        const walkedIds = walked.map((e) => e.log_id);
        assert.deepEqual(walkedIds, [...walkedIds].sort(), 'ascending');
        assert.equal(new Set(walkedIds).size, walkedIds.length, 'once each');
        assert.deepEqual(walkedIds, await everyLogId());
        assert.ok(['between-0', 'between-1', 'e1', 'e5', 'organization_deleted'].every((m) => walked.some((e) => label(e) === m)));
      });

      it('resumes after the given log_id and ignores the search parameters, as Auth0 does', async () => {
        const res = await get(logsPath({ from: ids.e2, take: 2, q: 'type:nothing', sort: 'date:1', page: 3, include_totals: true }));
        assert.deepEqual((res.body as Entry[]).map(label), ['e3', 'e4']);
        assert.equal(nextOf(res.headers), logsPath({ from: ids.e4, take: 2 }));
      });

      it('refuses a from that is not a log_id', async () => {
        const res = await get(logsPath({ from: 'abc', take: 10 }));
        assert.equal(res.status, 400);
        assert.equal(res.body.message, "Query validation error: 'from must be a log_id (up to 20 digits)' on property from.");
      });

      it('refuses a take over 100', async () => {
        const res = await get(logsPath({ from: ids.e1, take: 101 }));
        assert.equal(res.status, 400);
        assert.match(res.body.message, /take/);
      });

      if (dialect === 'postgres') {
        it('never hands out a checkpoint past an event still being committed', async () => {
          const { events } = server.app.services;
          let release!: () => void;
          const held = new Promise<void>((resolve) => {
            release = resolve;
          });
          let recorded!: () => void;
          const inside = new Promise<void>((resolve) => {
            recorded = resolve;
          });
          const slow = db()
            .transaction()
            .execute(async (trx) => {
              await events.record(trx, SYSTEM_ACTOR, { type: 'organization_updated', details: { marker: 'slow' } });
              recorded();
              await held;
            });
          await inside;
          await events.record(db(), SYSTEM_ACTOR, { type: 'organization_updated', details: { marker: 'fast' } });
          const all = await everyLogId();
          const before = await get(logsPath({ from: all[all.length - 2], take: 100 }));
          assert.deepEqual((before.body as Entry[]).map(label), ['fast']);
          release();
          await slow;
          const afterCommit = await get(logsPath({ from: before.body[0].log_id, take: 100 }));
          assert.deepEqual((afterCommit.body as Entry[]).map(label), ['slow']);
        });
      }
    });

    describe('/users/{id}/logs', () => {
      const userLogs = (id: string, query: Record<string, string | number | boolean> = {}) =>
        `/users/${encodeURIComponent(id)}/logs?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}`;

      it("lists the user's entries, newest first", async () => {
        const res = await get(userLogs('auth0|alice'));
        assert.deepEqual((res.body as Entry[]).map(label), ['e3', 'e1']);
      });

      it('pages with totals and sorts', async () => {
        const res = await get(userLogs('auth0|bob', { per_page: 1, page: 1, include_totals: true, sort: 'date:1' }));
        assert.deepEqual({ ...res.body, logs: res.body.logs.map(label) }, { start: 1, limit: 1, length: 1, total: 2, logs: ['e5'] });
      });

      it('answers [] for an unknown user, as Auth0 does', async () => {
        const res = await get(userLogs('auth0|nobody-at-all'));
        assert.equal(res.status, 200);
        assert.deepEqual(res.body, []);
      });
    });

    describe('scopes', () => {
      it('needs read:logs for /logs and /logs/{id}', async () => {
        const token = await server.token(['read:users', 'read:logs_users']);
        for (const path of ['/logs', `/logs/${ids.e1}`]) {
          const res = await get(path, token);
          assert.equal(res.status, 403, path);
          assert.equal(res.body.errorCode, 'insufficient_scope');
          assert.equal(res.body.message, 'Insufficient scope; expected any of: read:logs.');
        }
        assert.equal((await get('/logs', await server.token(['read:logs']))).status, 200);
      });

      it('needs read:logs_users for /users/{id}/logs', async () => {
        const res = await get('/users/auth0%7Calice/logs', await server.token(['read:logs', 'read:users']));
        assert.equal(res.status, 403);
        assert.equal(res.body.message, 'Insufficient scope; expected any of: read:logs_users.');
        assert.equal((await get('/users/auth0%7Calice/logs', await server.token(['read:logs_users']))).status, 200);
      });
    });

    describe('the auth0 SDK', () => {
      let management: ManagementClient;
      before(() => {
        management = new ManagementClient({
          domain: new URL(server.url).host,
          clientId: server.bootstrap.clientId,
          clientSecret: server.bootstrap.clientSecret,
          maxRetries: 0,
        });
      });

      it('searches and pages with management.logs.list', async () => {
        const found: Entry[] = [];
        for await (const entry of await management.logs.list({ per_page: 2, search: 'type:s OR type:fp OR type:ss OR type:slo' }))
          found.push(entry);
        assert.deepEqual(found.map(label), ['e5', 'e3', 'e2', 'e1']);
      });

      it('reads one entry with management.logs.get', async () => {
        const entry = await management.logs.get(ids.e4);
        assert.equal(entry.type, 'f');
        assert.equal(entry.connection, 'okta');
        assert.equal(entry.strategy_type, 'enterprise');
      });

      it("reads a user's entries with management.users.logs.list", async () => {
        const found: Entry[] = [];
        for await (const entry of await management.users.logs.list('auth0|alice', { per_page: 1 })) found.push(entry);
        assert.deepEqual(found.map(label), ['e3', 'e1']);
      });
    });
  });
}
