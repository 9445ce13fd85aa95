import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { insertConnection, userPath } from './users.factories.js';

// U+0000 gave a 500 on PostgreSQL and was stored on SQLite; bytes that are not UTF-8 were stored
// as U+FFFD. Both are now a 400 naming the field, on both dialects, and nothing is written.
for (const dialect of DIALECTS) {
  describe(`Management API string safety [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect);
      await insertConnection(server, 'Username-Password', 'auth0');
    });
    after(async () => {
      await server.close();
    });

    const organizationCount = async () => (await server.database.db.kysely.selectFrom('organizations').select('id').execute()).length;

    /** POST with a raw body (bytes as given). */
    async function postRaw(path: string, body: Buffer | string): Promise<{ status: number; body: any }> {
      const res = await fetch(`${server.url}/api/v2${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await server.token()}`, 'content-type': 'application/json' },
        body: typeof body === 'string' ? body : new Uint8Array(body),
      });
      return { status: res.status, body: await res.json() };
    }

    it('answers 400 invalid_body naming name for a NUL in an organization name, storing nothing', async () => {
      const before = await organizationCount();
      const res = await server.api('POST', '/organizations', { name: 'acme\u0000corp' });
      assert.equal(res.status, 400);
      assert.deepEqual(res.body, {
        statusCode: 400,
        error: 'Bad Request',
        errorCode: 'invalid_body',
        message: "Payload validation error: 'String contains a NUL character' on property name.",
      });
      assert.equal(await organizationCount(), before);
    });

    it('answers 400 invalid_body naming display_name for a NUL in it, storing nothing', async () => {
      const before = await organizationCount();
      const res = await server.api('POST', '/organizations', { name: 'nul-display', display_name: 'Acme\u0000' });
      assert.equal(res.status, 400);
      assert.equal(res.body.message, "Payload validation error: 'String contains a NUL character' on property display_name.");
      assert.equal(await organizationCount(), before);
    });

    it('answers 400 invalid_body for a NUL in a nested metadata string on PATCH /users, changing nothing', async () => {
      const created = await server.api('POST', '/users', {
        connection: 'Username-Password',
        email: 'nul-meta@example.com',
        password: 'long enough pw',
        user_metadata: { nick: 'jo' },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const res = await server.api('PATCH', userPath(created.body.user_id), {
        name: 'Jo',
        user_metadata: { nick: 'j\u0000o', prefs: { lang: 'fr' } },
      });
      assert.equal(res.status, 400);
      assert.deepEqual(res.body, {
        statusCode: 400,
        error: 'Bad Request',
        errorCode: 'invalid_body',
        message: "Payload validation error: 'String contains a NUL character' on property user_metadata.nick.",
      });
      const stored = await server.api('GET', userPath(created.body.user_id));
      assert.deepEqual(stored.body.user_metadata, { nick: 'jo' });
      assert.equal(stored.body.name, undefined);
    });

    it('answers 400 invalid_body for a NUL in a metadata property name', async () => {
      const res = await server.api('POST', '/organizations', { name: 'nul-key', metadata: { 'ti\u0000er': 'gold' } });
      assert.equal(res.status, 400);
      assert.equal(res.body.message, "Payload validation error: 'Property name contains a NUL character' on property metadata.");
    });

    it('answers 400 invalid_query_string naming the parameter for a NUL in a query string', async () => {
      const res = await server.api('GET', '/users?q=%00');
      assert.equal(res.status, 400);
      assert.deepEqual(res.body, {
        statusCode: 400,
        error: 'Bad Request',
        errorCode: 'invalid_query_string',
        message: "Query validation error: 'String contains a NUL character' on property q.",
      });
      const byEmail = await server.api('GET', '/users-by-email?email=a%00%40example.com');
      assert.equal(byEmail.status, 400);
      assert.equal(byEmail.body.errorCode, 'invalid_query_string');
    });

    it('answers 400 invalid_uri for a NUL in a path parameter', async () => {
      const res = await server.api('GET', `/users/${encodeURIComponent('auth0|\u0000')}`);
      assert.equal(res.status, 400);
      assert.deepEqual(res.body, {
        statusCode: 400,
        error: 'Bad Request',
        errorCode: 'invalid_uri',
        message: "Path validation error: 'String contains a NUL character' on property id.",
      });
    });

    it('answers 400 invalid_body for a JSON body that is not UTF-8, storing nothing', async () => {
      const before = await organizationCount();
      const prefix = Buffer.from('{"name":"bad-utf8","display_name":"Caf');
      const res = await postRaw('/organizations', Buffer.concat([prefix, Buffer.from([0xc3, 0x28]), Buffer.from('"}')]));
      assert.equal(res.status, 400);
      assert.deepEqual(res.body, {
        statusCode: 400,
        error: 'Bad Request',
        errorCode: 'invalid_body',
        message: "Payload validation error: 'Invalid UTF-8 in the JSON body'.",
      });
      assert.equal(await organizationCount(), before);
    });

    it('still parses UTF-8 JSON beyond ASCII and refuses malformed JSON and prototype poisoning with 400', async () => {
      const ok = await postRaw('/organizations', JSON.stringify({ name: 'utf8-ok', display_name: 'Café Ünïcode 日本' }));
      assert.equal(ok.status, 201, JSON.stringify(ok.body));
      assert.equal(ok.body.display_name, 'Café Ünïcode 日本');
      const malformed = await postRaw('/organizations', '{"name":');
      assert.equal(malformed.status, 400);
      assert.equal(malformed.body.errorCode, 'invalid_body');
      const poisoned = await postRaw('/organizations', '{"name":"proto","__proto__":{"admin":true}}');
      assert.equal(poisoned.status, 400);
      assert.equal(poisoned.body.errorCode, 'invalid_body');
    });

    it('stays healthy after the refused requests', async () => {
      assert.equal((await fetch(`${server.url}/health`)).status, 200);
    });
  });
}
