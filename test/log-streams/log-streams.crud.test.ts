// The /api/v2/log-streams surface: Auth0's shapes, validation that names the field, secrets that
// are written and never read back, the change events, and scopes.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';

const ENDPOINT = 'https://logs.example.com/ingest';

for (const dialect of DIALECTS) {
  describe(`log streams API [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect);
    });
    after(async () => {
      await server.close();
    });

    const create = (body: unknown) => server.api('POST', '/log-streams', body);

    it('creates an http stream with lst_ id, Auth0 defaults and a delivery status', async () => {
      const res = await create({
        name: 'SIEM',
        type: 'http',
        filters: [{ type: 'category', name: 'auth.login.success' }],
        sink: {
          httpEndpoint: ENDPOINT,
          httpAuthorization: 'Bearer siem-token-1',
          httpCustomHeaders: [{ header: 'X-Tenant', value: 'acme' }],
        },
      });
      assert.equal(res.status, 200);
      assert.match(res.body.id, /^lst_[A-Za-z0-9]{16}$/);
      assert.deepEqual(
        { ...res.body, id: undefined, delivery: undefined },
        {
          id: undefined,
          delivery: undefined,
          name: 'SIEM',
          type: 'http',
          status: 'active',
          isPriority: false,
          filters: [{ type: 'category', name: 'auth.login.success' }],
          sink: {
            httpEndpoint: ENDPOINT,
            httpContentType: 'application/json',
            httpContentFormat: 'JSONLINES',
            httpCustomHeaders: [{ header: 'X-Tenant', value: 'acme' }],
          },
        },
      );
      assert.deepEqual(res.body.delivery, {
        cursor: res.body.delivery.cursor,
        failures: 0,
        last_error: null,
        last_attempt_at: null,
        last_success_at: null,
        next_attempt_at: null,
        lag: 0,
      });
      assert.match(res.body.delivery.cursor, /^\d{20}$/);
    });

    it('never returns httpAuthorization, in the creation answer, GET or the list', async () => {
      const created = await create({ type: 'http', sink: { httpEndpoint: ENDPOINT, httpAuthorization: 'Bearer never-shown-0001' } });
      const one = await server.api('GET', `/log-streams/${created.body.id}`);
      const list = await server.api('GET', '/log-streams');
      assert.equal(one.status, 200);
      assert.equal(list.status, 200);
      for (const text of [JSON.stringify(created.body), JSON.stringify(one.body), JSON.stringify(list.body)]) {
        assert.ok(!text.includes('never-shown-0001'));
        assert.ok(!text.includes('httpAuthorization'));
      }
      assert.ok(list.body.some((s: { id: string }) => s.id === created.body.id));
    });

    it('returns a webhook stream signing secret on creation only', async () => {
      const created = await create({ name: 'hooks', type: 'webhook', sink: { httpEndpoint: ENDPOINT } });
      assert.equal(created.status, 200);
      const secret: string = created.body.sink.webhookSecret;
      assert.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
      assert.ok(Buffer.from(secret.slice('whsec_'.length), 'base64').length >= 24);
      assert.deepEqual(created.body.sink, { httpEndpoint: ENDPOINT, webhookSecret: secret });
      const one = await server.api('GET', `/log-streams/${created.body.id}`);
      assert.deepEqual(one.body.sink, { httpEndpoint: ENDPOINT });
      const list = await server.api('GET', '/log-streams');
      assert.ok(!JSON.stringify(list.body).includes(secret.slice(6)));
      // Neither the events nor the stored sink carry it.
      const events = await server.database.db.kysely.selectFrom('events').select('details').execute();
      assert.ok(events.every((e) => !e.details.includes(secret.slice(6))));
    });

    it('rotates a webhook secret: the new one shown once, different from the old', async () => {
      const created = await create({ type: 'webhook', sink: { httpEndpoint: ENDPOINT } });
      const rotated = await server.api('POST', `/log-streams/${created.body.id}/rotate-secret`);
      assert.equal(rotated.status, 200);
      assert.match(rotated.body.sink.webhookSecret, /^whsec_/);
      assert.notEqual(rotated.body.sink.webhookSecret, created.body.sink.webhookSecret);
      const http = await create({ type: 'http', sink: { httpEndpoint: ENDPOINT } });
      const refused = await server.api('POST', `/log-streams/${http.body.id}/rotate-secret`);
      assert.equal(refused.status, 400);
      assert.equal(refused.body.errorCode, 'operation_not_supported');
    });

    it('refuses a bad URL, naming sink.httpEndpoint', async () => {
      const notUrl = await create({ type: 'http', sink: { httpEndpoint: 'not a url' } });
      assert.equal(notUrl.status, 400);
      assert.equal(notUrl.body.errorCode, 'invalid_body');
      assert.match(notUrl.body.message, /on property sink\.httpEndpoint\.$/);
      const ftp = await create({ type: 'http', sink: { httpEndpoint: 'ftp://logs.example.com/x' } });
      assert.equal(ftp.status, 400);
      assert.equal(ftp.body.message, "Payload validation error: 'The endpoint must be an http(s) URL' on property sink.httpEndpoint.");
      const credentials = await create({ type: 'http', sink: { httpEndpoint: 'https://user:pw@logs.example.com/x' } });
      assert.equal(credentials.status, 400);
      assert.match(credentials.body.message, /must not contain credentials.*on property sink\.httpEndpoint\.$/);
    });

    it('refuses loopback and private endpoints unless the server allows them', async () => {
      for (const endpoint of [
        'http://127.0.0.1:9000/x',
        'http://localhost/x',
        'http://10.1.2.3/x',
        'http://169.254.169.254/latest/meta-data',
        'http://[::1]/x',
        'http://[::ffff:192.168.0.1]/x',
        'http://[fd00::1]/x',
      ]) {
        const res = await create({ type: 'http', sink: { httpEndpoint: endpoint } });
        assert.equal(res.status, 400, endpoint);
        assert.equal(
          res.body.message,
          "Payload validation error: 'The endpoint must not be a loopback or private address' on property sink.httpEndpoint.",
          endpoint,
        );
      }
    });

    it('refuses an unknown format, type and category, naming the field', async () => {
      const format = await create({ type: 'http', sink: { httpEndpoint: ENDPOINT, httpContentFormat: 'XML' } });
      assert.equal(format.status, 400);
      assert.equal(format.body.message, 'Payload validation error: \'No enum match for: "XML"\' on property sink.httpContentFormat.');
      const type = await create({ type: 'datadog', sink: { httpEndpoint: ENDPOINT } });
      assert.equal(type.status, 400);
      assert.equal(type.body.message, 'Payload validation error: \'No enum match for: "datadog"\' on property type.');
      const category = await create({
        type: 'http',
        filters: [{ type: 'category', name: 'auth.login.maybe' }],
        sink: { httpEndpoint: ENDPOINT },
      });
      assert.equal(category.status, 400);
      assert.equal(
        category.body.message,
        'Payload validation error: \'No enum match for: "auth.login.maybe"\' on property filters.0.name.',
      );
    });

    it('refuses http-only sink fields on a webhook stream and reserved custom headers', async () => {
      const auth = await create({ type: 'webhook', sink: { httpEndpoint: ENDPOINT, httpAuthorization: 'Bearer x' } });
      assert.equal(auth.status, 400);
      assert.equal(
        auth.body.message,
        "Payload validation error: 'httpAuthorization is not used by webhook streams' on property sink.httpAuthorization.",
      );
      const reserved = await create({
        type: 'http',
        sink: {
          httpEndpoint: ENDPOINT,
          httpCustomHeaders: [
            { header: 'X-Ok', value: '1' },
            { header: 'Webhook-Signature', value: 'v1,forged' },
          ],
        },
      });
      assert.equal(reserved.status, 400);
      assert.equal(
        reserved.body.message,
        "Payload validation error: 'The header Webhook-Signature is set by Gatehouse and cannot be a custom header' on property sink.httpCustomHeaders.1.header.",
      );
      const split = await create({
        type: 'http',
        sink: { httpEndpoint: ENDPOINT, httpCustomHeaders: [{ header: 'X-A', value: 'a\r\nX-B: b' }] },
      });
      assert.equal(split.status, 400);
      assert.match(split.body.message, /on property sink\.httpCustomHeaders\.0\.value\.$/);
    });

    it('leaves nothing stored after a refused creation', async () => {
      const count = async () => (await server.database.db.kysely.selectFrom('log_streams').select('id').execute()).length;
      const before = await count();
      const res = await create({ type: 'http', sink: { httpEndpoint: 'http://10.0.0.1/x' } });
      assert.equal(res.status, 400);
      assert.equal(await count(), before);
    });

    it('updates by merging the sink: a left-out secret stays, "" removes it', async () => {
      const created = await create({ type: 'http', sink: { httpEndpoint: ENDPOINT, httpAuthorization: 'Bearer keep-me' } });
      const db = server.database.db.kysely;
      const stored = () => db.selectFrom('log_streams').selectAll().where('id', '=', created.body.id).executeTakeFirstOrThrow();
      const renamed = await server.api('PATCH', `/log-streams/${created.body.id}`, {
        name: 'renamed',
        sink: { httpContentFormat: 'JSONARRAY' },
        filters: [{ type: 'category', name: 'management.success' }],
      });
      assert.equal(renamed.status, 200);
      assert.equal(renamed.body.name, 'renamed');
      assert.deepEqual(renamed.body.sink, { httpEndpoint: ENDPOINT, httpContentType: 'application/json', httpContentFormat: 'JSONARRAY' });
      assert.deepEqual(renamed.body.filters, [{ type: 'category', name: 'management.success' }]);
      assert.equal((await stored()).http_authorization, 'Bearer keep-me');
      await server.api('PATCH', `/log-streams/${created.body.id}`, { sink: { httpAuthorization: '' } });
      assert.equal((await stored()).http_authorization, null);
      const bad = await server.api('PATCH', `/log-streams/${created.body.id}`, { sink: { httpEndpoint: 'http://192.168.1.1/' } });
      assert.equal(bad.status, 400);
      assert.match(bad.body.message, /on property sink\.httpEndpoint\.$/);
      assert.equal(JSON.parse((await stored()).sink).httpEndpoint, ENDPOINT);
    });

    it('pauses and resumes; refuses setting suspended or changing the type', async () => {
      const created = await create({ type: 'http', sink: { httpEndpoint: ENDPOINT } });
      const paused = await server.api('PATCH', `/log-streams/${created.body.id}`, { status: 'paused' });
      assert.equal(paused.body.status, 'paused');
      const active = await server.api('PATCH', `/log-streams/${created.body.id}`, { status: 'active' });
      assert.equal(active.body.status, 'active');
      const suspended = await server.api('PATCH', `/log-streams/${created.body.id}`, { status: 'suspended' });
      assert.equal(suspended.status, 400);
      assert.match(suspended.body.message, /on property status\.$/);
      const type = await server.api('PATCH', `/log-streams/${created.body.id}`, { type: 'webhook' });
      assert.equal(type.status, 400);
      assert.equal(type.body.message, "Payload validation error: 'Additional properties not allowed: type' on property type.");
    });

    it('deletes; then 404 inexistent_log_stream', async () => {
      const created = await create({ type: 'http', sink: { httpEndpoint: ENDPOINT } });
      const deleted = await server.api('DELETE', `/log-streams/${created.body.id}`);
      assert.equal(deleted.status, 204);
      for (const [method, body] of [
        ['GET', undefined],
        ['PATCH', { name: 'x' }],
        ['DELETE', undefined],
      ] as const) {
        const res = await server.api(method, `/log-streams/${created.body.id}`, body);
        assert.equal(res.status, 404, method);
        assert.deepEqual(res.body, {
          statusCode: 404,
          error: 'Not Found',
          message: 'The log stream does not exist.',
          errorCode: 'inexistent_log_stream',
        });
      }
    });

    it('records each change as an event with its actor, without the sink', async () => {
      const created = await create({
        name: 'audited',
        type: 'http',
        sink: { httpEndpoint: ENDPOINT, httpAuthorization: 'Bearer audited-secret' },
      });
      await server.api('PATCH', `/log-streams/${created.body.id}`, {
        status: 'paused',
        sink: { httpAuthorization: 'Bearer audited-secret-2' },
      });
      await server.api('DELETE', `/log-streams/${created.body.id}`);
      const rows = await server.database.db.kysely
        .selectFrom('events')
        .selectAll()
        .where('action', 'in', ['log_stream_created', 'log_stream_updated', 'log_stream_deleted'])
        .where('details', 'like', `%${created.body.id}%`)
        .orderBy('id')
        .execute();
      assert.deepEqual(
        rows.map((r) => [r.type, r.action, r.actor_type, r.actor_id]),
        [
          ['sapi', 'log_stream_created', 'client', server.bootstrap.clientId],
          ['sapi', 'log_stream_updated', 'client', server.bootstrap.clientId],
          ['sapi', 'log_stream_deleted', 'client', server.bootstrap.clientId],
        ],
      );
      assert.deepEqual(JSON.parse(rows[1].details).changed, ['sink.httpAuthorization', 'status']);
      assert.ok(rows.every((r) => !r.details.includes('audited-secret') && !r.details.includes(ENDPOINT)));
    });

    it('requires the log stream scopes', async () => {
      const reader = await server.token(['read:log_streams']);
      const list = await server.api('GET', '/log-streams', undefined, reader);
      assert.equal(list.status, 200);
      const refused = await server.api('POST', '/log-streams', { type: 'http', sink: { httpEndpoint: ENDPOINT } }, reader);
      assert.equal(refused.status, 403);
      assert.equal(refused.body.message, 'Insufficient scope; expected any of: create:log_streams.');
      const none = await server.token(['read:organizations']);
      assert.equal((await server.api('GET', '/log-streams', undefined, none)).status, 403);
      for (const [method, scope] of [
        ['PATCH', 'update:log_streams'],
        ['DELETE', 'delete:log_streams'],
      ] as const) {
        const res = await server.api(method, '/log-streams/lst_0000000000000000', method === 'PATCH' ? { name: 'x' } : undefined, reader);
        assert.equal(res.body.message, `Insufficient scope; expected any of: ${scope}.`);
      }
    });
  });
}
