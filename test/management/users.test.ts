import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { verifyPassword } from '../../src/domain/users/passwords.js';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { identityRows, insertConnection, userPath } from './users.factories.js';

for (const dialect of DIALECTS) {
  describe(`users API [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect);
      await insertConnection(server, 'Username-Password', 'auth0');
      await insertConnection(server, 'acme-saml', 'samlp');
      await insertConnection(server, 'google-oauth2', 'google-oauth2');
    });
    after(async () => {
      await server.close();
    });

    const create = (body: Record<string, unknown>) => server.api('POST', '/users', { connection: 'Username-Password', ...body });

    it('creates a database user with an auth0|<24 hex> id, argon2id hash stored and never returned', async () => {
      const res = await create({
        email: 'Jane.Doe@Example.com',
        password: 'correct horse battery',
        name: 'Jane Doe',
        user_metadata: { lang: 'fr' },
      });
      assert.equal(res.status, 201);
      assert.match(res.body.user_id, /^auth0\|[0-9a-f]{24}$/);
      assert.equal(res.body.email, 'Jane.Doe@Example.com');
      assert.equal(res.body.email_verified, false);
      assert.equal(res.body.blocked, false);
      assert.equal(res.body.logins_count, 0);
      assert.deepEqual(res.body.user_metadata, { lang: 'fr' });
      assert.deepEqual(res.body.identities, [
        { connection: 'Username-Password', provider: 'auth0', user_id: res.body.user_id.slice(6), isSocial: false },
      ]);
      assert.doesNotMatch(JSON.stringify(res.body), /argon2|password/);
      const [row] = await identityRows(server, res.body.user_id);
      assert.match(row.password_hash!, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      assert.equal(await verifyPassword(row.password_hash!, 'correct horse battery'), true);
      assert.equal(await verifyPassword(row.password_hash!, 'wrong password'), false);
      const stored = await server.database.db.kysely
        .selectFrom('users')
        .select('email_normalized')
        .where('id', '=', res.body.user_id)
        .executeTakeFirstOrThrow();
      assert.equal(stored.email_normalized, 'jane.doe@example.com');
    });

    it('pre-provisions an enterprise user with a pending identity and no password', async () => {
      const res = await server.api('POST', '/users', { connection: 'acme-saml', email: 'Boss@Acme.com', name: 'The Boss' });
      assert.equal(res.status, 201);
      assert.match(res.body.user_id, /^samlp\|acme-saml\|[0-9a-f]{24}$/);
      assert.deepEqual(res.body.identities, [
        { connection: 'acme-saml', provider: 'samlp', isSocial: false, profileData: { email: 'boss@acme.com' } },
      ]);
      const [row] = await identityRows(server, res.body.user_id);
      assert.equal(row.provider_user_id, null);
      assert.equal(row.pending_email, 'boss@acme.com');
      assert.equal(row.password_hash, null);
    });

    it('uses a given user_id: auth0|<id> for a database user, a bound identity for an enterprise one', async () => {
      const db = await create({ email: 'given-id@example.com', password: 'long enough pw', user_id: 'legacy-42' });
      assert.equal(db.body.user_id, 'auth0|legacy-42');
      assert.equal(db.body.identities[0].user_id, 'legacy-42');
      const ent = await server.api('POST', '/users', { connection: 'acme-saml', email: 'known@acme.com', user_id: 'idp-subject-7' });
      assert.equal(ent.body.user_id, 'samlp|acme-saml|idp-subject-7');
      assert.deepEqual(ent.body.identities, [{ connection: 'acme-saml', provider: 'samlp', user_id: 'idp-subject-7', isSocial: false }]);
    });

    it('rejects an invalid email with 400 naming email', async () => {
      const res = await create({ email: 'not-an-email', password: 'long enough pw' });
      assert.equal(res.status, 400);
      assert.equal(
        res.body.message,
        "Payload validation error: 'Object didn't pass validation for format email: not-an-email' on property email.",
      );
    });

    it('rejects user_metadata over 16 KiB with 400 naming it, storing nothing', async () => {
      const res = await create({ email: 'big-meta@example.com', password: 'long enough pw', user_metadata: { blob: 'x'.repeat(17000) } });
      assert.equal(res.status, 400);
      assert.match(
        res.body.message,
        /^Payload validation error: 'Metadata is too large \(\d+ bytes\), maximum 16384' on property user_metadata\.$/,
      );
      assert.equal((await server.api('GET', '/users-by-email?email=big-meta@example.com')).body.length, 0);
    });

    it('refuses a password on an enterprise connection with 400 naming password', async () => {
      const res = await server.api('POST', '/users', { connection: 'acme-saml', email: 'pw@acme.com', password: 'long enough pw' });
      assert.equal(res.status, 400);
      assert.equal(res.body.errorCode, 'invalid_body');
      assert.equal(
        res.body.message,
        "Payload validation error: 'Passwords are only allowed on database connections' on property password.",
      );
    });

    it('requires a password on a database connection', async () => {
      const res = await create({ email: 'nopw@example.com' });
      assert.equal(res.status, 400);
      assert.equal(res.body.message, "Payload validation error: 'Missing required property: password' on property password.");
    });

    it('rejects a password shorter than 8 characters on a connection without a passwordPolicy', async () => {
      const res = await create({ email: 'short@example.com', password: 'short' });
      assert.equal(res.status, 400);
      assert.equal(res.body.errorCode, 'password_strength_error');
      assert.equal(res.body.message, 'PasswordStrengthError: Password is too weak. Use 8 to 128 characters.');
    });

    it('refuses users of social connections with 400 operation_not_supported', async () => {
      const res = await server.api('POST', '/users', { connection: 'google-oauth2', email: 'social@example.com' });
      assert.equal(res.status, 400);
      assert.equal(res.body.errorCode, 'operation_not_supported');
    });

    it('rejects an unknown connection name with 400 naming connection', async () => {
      const res = await create({ connection: 'nope', email: 'x@example.com', password: 'long enough pw' });
      assert.equal(res.status, 400);
      assert.equal(res.body.message, "Payload validation error: 'Connection does not exist' on property connection.");
    });

    it('rejects an unknown field with 400 invalid_body naming it', async () => {
      const res = await create({ email: 'unknown@example.com', password: 'long enough pw', foo: 1 });
      assert.equal(res.status, 400);
      assert.equal(res.body.errorCode, 'invalid_body');
      assert.equal(res.body.message, "Payload validation error: 'Additional properties not allowed: foo' on property foo.");
    });

    it('rejects a wrong type', async () => {
      const res = await create({ email: 'type@example.com', password: 'long enough pw', blocked: 'yes' });
      assert.equal(res.status, 400);
      assert.equal(res.body.message, "Payload validation error: 'Expected type boolean but found type string' on property blocked.");
    });

    it('rejects a given_name over 150 characters', async () => {
      const res = await create({ email: 'long@example.com', password: 'long enough pw', given_name: 'g'.repeat(151) });
      assert.equal(res.status, 400);
      assert.equal(res.body.message, "Payload validation error: 'String is too long (151 chars), maximum 150' on property given_name.");
    });

    it('returns 409 user_conflict for a duplicate email in the connection (any case) and changes nothing', async () => {
      const first = await create({ email: 'dupe@example.com', password: 'long enough pw', name: 'Original' });
      const before = await server.api('GET', '/users?include_totals=true');
      const res = await create({ email: 'DUPE@example.com', password: 'another password', name: 'Copy' });
      assert.equal(res.status, 409);
      assert.equal(res.body.errorCode, 'user_conflict');
      assert.equal(res.body.message, 'The user already exists.');
      const afterList = await server.api('GET', '/users?include_totals=true');
      assert.equal(afterList.body.total, before.body.total);
      assert.equal((await server.api('GET', userPath(first.body.user_id))).body.name, 'Original');
    });

    it('allows the same email in another connection', async () => {
      await create({ email: 'both@acme.com', password: 'long enough pw' });
      const res = await server.api('POST', '/users', { connection: 'acme-saml', email: 'both@acme.com' });
      assert.equal(res.status, 201);
    });

    it('gets a user by percent-encoded id and 404s inexistent_user for an unknown one', async () => {
      const created = await create({ email: 'get@example.com', password: 'long enough pw' });
      assert.equal((await server.api('GET', userPath(created.body.user_id))).body.email, 'get@example.com');
      const missing = await server.api('GET', userPath('auth0|000000000000000000000000'));
      assert.equal(missing.status, 404);
      assert.equal(missing.body.errorCode, 'inexistent_user');
    });

    it('searches by email ignoring case, quoted or not', async () => {
      const created = await create({ email: 'Search.Me@Example.com', password: 'long enough pw' });
      for (const q of ['email:"search.me@example.com"', 'email:SEARCH.ME@example.com']) {
        const res = await server.api('GET', `/users?q=${encodeURIComponent(q)}`);
        assert.equal(res.status, 200);
        assert.deepEqual(
          res.body.map((u: { user_id: string }) => u.user_id),
          [created.body.user_id],
        );
      }
    });

    it('searches by name, user_id and a bare prefix term', async () => {
      const created = await create({ email: 'zed.prefix@example.com', password: 'long enough pw', name: 'Zed Quux' });
      const ids = async (q: string) =>
        (await server.api('GET', `/users?q=${encodeURIComponent(q)}`)).body.map((u: { user_id: string }) => u.user_id);
      assert.deepEqual(await ids('name:"zed quux"'), [created.body.user_id]);
      assert.deepEqual(await ids(`user_id:"${created.body.user_id}"`), [created.body.user_id]);
      assert.deepEqual(await ids('zed.pre'), [created.body.user_id]);
      assert.deepEqual(await ids('Zed'), [created.body.user_id]);
    });

    it('rejects an unsupported search field with 400 naming q', async () => {
      const res = await server.api('GET', `/users?q=${encodeURIComponent('password:x')}`);
      assert.equal(res.status, 400);
      assert.equal(res.body.errorCode, 'invalid_query_string');
      assert.equal(res.body.message, "Query validation error: 'Unsupported field: password' on property q.");
    });

    it('pages with totals, sorts, and pages by checkpoint', async () => {
      for (let i = 0; i < 3; i += 1) await create({ email: `paged-${i}@example.com`, password: 'long enough pw' });
      const totals = await server.api('GET', '/users?per_page=2&page=0&include_totals=true&sort=email:-1');
      assert.equal(totals.status, 200);
      assert.equal(totals.body.users.length, 2);
      assert.equal(totals.body.limit, 2);
      assert.ok(totals.body.total >= 3);
      assert.ok(totals.body.users[0].email.toLowerCase() >= totals.body.users[1].email.toLowerCase());
      const seen: string[] = [];
      let from: string | undefined;
      do {
        const page = await server.api('GET', `/users?take=2${from ? `&from=${from}` : ''}`);
        seen.push(...page.body.users.map((u: { user_id: string }) => u.user_id));
        from = page.body.next;
      } while (from);
      assert.equal(seen.length, totals.body.total);
      assert.equal(new Set(seen).size, seen.length);
    });

    it('finds users by email ignoring case with /users-by-email', async () => {
      const created = await create({ email: 'ByEmail@Example.com', password: 'long enough pw' });
      const res = await server.api('GET', `/users-by-email?email=${encodeURIComponent('byemail@EXAMPLE.com')}`);
      assert.equal(res.status, 200);
      assert.deepEqual(
        res.body.map((u: { user_id: string }) => u.user_id),
        [created.body.user_id],
      );
    });

    it('re-hashes the password on PATCH', async () => {
      const created = await create({ email: 'repass@example.com', password: 'first password' });
      const [before] = await identityRows(server, created.body.user_id);
      const res = await server.api('PATCH', userPath(created.body.user_id), { password: 'second password' });
      assert.equal(res.status, 200);
      const [row] = await identityRows(server, created.body.user_id);
      assert.notEqual(row.password_hash, before.password_hash);
      assert.equal(await verifyPassword(row.password_hash!, 'second password'), true);
      assert.equal(await verifyPassword(row.password_hash!, 'first password'), false);
    });

    it('merges metadata on PATCH: null removes a key, {} clears', async () => {
      const created = await create({
        email: 'meta@example.com',
        password: 'long enough pw',
        user_metadata: { a: 1, b: { c: 2 } },
        app_metadata: { plan: 'pro' },
      });
      const merged = await server.api('PATCH', userPath(created.body.user_id), { user_metadata: { a: null, d: 'x' }, app_metadata: {} });
      assert.equal(merged.status, 200);
      assert.deepEqual(merged.body.user_metadata, { b: { c: 2 }, d: 'x' });
      assert.deepEqual(merged.body.app_metadata, {});
    });

    it('updates profile fields, and a new email becomes unverified', async () => {
      const created = await create({ email: 'old@example.com', password: 'long enough pw', email_verified: true, nickname: 'old' });
      const res = await server.api('PATCH', userPath(created.body.user_id), { email: 'New@Example.com', nickname: null, blocked: true });
      assert.equal(res.status, 200);
      assert.equal(res.body.email, 'New@Example.com');
      assert.equal(res.body.email_verified, false);
      assert.equal(res.body.nickname, undefined);
      assert.equal(res.body.blocked, true);
    });

    it("refuses a PATCH onto another user's email in the connection and changes nothing", async () => {
      await create({ email: 'taken@example.com', password: 'long enough pw' });
      const other = await create({ email: 'other@example.com', password: 'long enough pw', name: 'Other' });
      const res = await server.api('PATCH', userPath(other.body.user_id), { email: 'TAKEN@example.com', name: 'Changed' });
      assert.equal(res.status, 409);
      assert.equal(res.body.errorCode, 'user_conflict');
      const stored = await server.api('GET', userPath(other.body.user_id));
      assert.equal(stored.body.email, 'other@example.com');
      assert.equal(stored.body.name, 'Other');
    });

    it('deletes with 204, then 404s', async () => {
      const created = await create({ email: 'delete@example.com', password: 'long enough pw' });
      assert.equal((await server.api('DELETE', userPath(created.body.user_id))).status, 204);
      assert.equal((await server.api('GET', userPath(created.body.user_id))).status, 404);
      assert.equal((await identityRows(server, created.body.user_id)).length, 0);
    });

    it("requires each route's scope: 403 insufficient_scope", async () => {
      const readOnly = await server.token(['read:users']);
      const post = await server.api(
        'POST',
        '/users',
        { connection: 'Username-Password', email: 'scope@example.com', password: 'long enough pw' },
        readOnly,
      );
      assert.equal(post.status, 403);
      assert.equal(post.body.errorCode, 'insufficient_scope');
      assert.equal(post.body.message, 'Insufficient scope; expected any of: create:users.');
      const createOnly = await server.token(['create:users']);
      const list = await server.api('GET', '/users', undefined, createOnly);
      assert.equal(list.status, 403);
      assert.equal((await server.api('DELETE', userPath('auth0|x'), undefined, readOnly)).status, 403);
      assert.equal((await server.api('PATCH', userPath('auth0|x'), { name: 'x' }, readOnly)).status, 403);
    });
  });
}
