import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { verifyPassword } from '../../src/domain/users/passwords.js';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { identityRows, insertConnection, insertMembership, userPath } from './users.factories.js';

for (const dialect of DIALECTS) {
  describe(`user identities and organizations API [${dialect}]`, () => {
    let server: TestServer;
    let saml: { id: string; name: string };
    let otherDb: { id: string; name: string };
    before(async () => {
      server = await startServer(dialect);
      await insertConnection(server, 'Username-Password', 'auth0');
      otherDb = await insertConnection(server, 'Legacy-DB', 'auth0');
      saml = await insertConnection(server, 'acme-saml', 'samlp');
      await insertConnection(server, 'github', 'github');
    });
    after(async () => {
      await server.close();
    });

    const createDbUser = async (email: string, connection = 'Username-Password') => {
      const res = await server.api('POST', '/users', { connection, email, password: 'long enough pw', name: email.split('@')[0] });
      assert.equal(res.status, 201);
      return res.body as { user_id: string; identities: Array<{ user_id: string }> };
    };

    it('assigns an enterprise identity by email and leaves only that identity (Kinde)', async () => {
      const user = await createDbUser('Kinde.User@Acme.com');
      const res = await server.api('POST', userPath(user.user_id, '/identities'), { type: 'enterprise', connection_id: saml.id });
      assert.equal(res.status, 201);
      assert.deepEqual(res.body, [
        { connection: 'acme-saml', provider: 'samlp', isSocial: false, profileData: { email: 'kinde.user@acme.com' } },
      ]);
      const rows = await identityRows(server, user.user_id);
      assert.equal(rows.length, 1);
      assert.equal(rows[0].connection_id, saml.id);
      assert.equal(rows[0].provider_user_id, null);
      assert.equal(rows[0].pending_email, 'kinde.user@acme.com');
      assert.equal(rows[0].password_hash, null);
    });

    it('assigns with the email given in the body, lowercased', async () => {
      const user = await createDbUser('personal@example.com');
      const res = await server.api('POST', userPath(user.user_id, '/identities'), {
        type: 'enterprise',
        connection_id: saml.id,
        email: 'Work.Name@Acme.com',
      });
      assert.equal(res.status, 201);
      assert.equal((await identityRows(server, user.user_id))[0].pending_email, 'work.name@acme.com');
      assert.equal((await server.api('GET', userPath(user.user_id))).body.email, 'personal@example.com');
    });

    it('refuses a non-enterprise connection with 400 naming connection_id', async () => {
      const user = await createDbUser('not-enterprise@example.com');
      const res = await server.api('POST', userPath(user.user_id, '/identities'), { type: 'enterprise', connection_id: otherDb.id });
      assert.equal(res.status, 400);
      assert.equal(res.body.errorCode, 'invalid_body');
      assert.equal(res.body.message, "Payload validation error: 'Connection must be an enterprise connection' on property connection_id.");
    });

    it('refuses an unknown connection_id with 400', async () => {
      const user = await createDbUser('unknown-conn@example.com');
      const res = await server.api('POST', userPath(user.user_id, '/identities'), {
        type: 'enterprise',
        connection_id: 'con_0000000000000000',
      });
      assert.equal(res.status, 400);
      assert.equal(res.body.message, "Payload validation error: 'Connection does not exist' on property connection_id.");
    });

    it('returns 409 identity_conflict when another user holds that email on the connection, and changes nothing', async () => {
      const holder = await server.api('POST', '/users', { connection: 'acme-saml', email: 'held@acme.com' });
      assert.equal(holder.status, 201);
      const user = await createDbUser('someone@example.com');
      const res = await server.api('POST', userPath(user.user_id, '/identities'), {
        type: 'enterprise',
        connection_id: saml.id,
        email: 'HELD@acme.com',
      });
      assert.equal(res.status, 409);
      assert.equal(res.body.errorCode, 'identity_conflict');
      const rows = await identityRows(server, user.user_id);
      assert.equal(rows.length, 1);
      assert.equal(rows[0].provider, 'auth0');
      assert.ok(rows[0].password_hash);
    });

    it('rejects an unknown type with 400 naming type', async () => {
      const user = await createDbUser('bad-type@example.com');
      const res = await server.api('POST', userPath(user.user_id, '/identities'), { type: 'social', connection_id: saml.id });
      assert.equal(res.status, 400);
      assert.match(res.body.message, /on property type\.$/);
    });

    it('links a secondary account: its identity moves in and the secondary user is deleted (Auth0)', async () => {
      const primary = await createDbUser('primary@example.com');
      const secondary = await createDbUser('secondary@example.com', 'Legacy-DB');
      const sub = secondary.identities[0].user_id;
      const res = await server.api('POST', userPath(primary.user_id, '/identities'), {
        provider: 'auth0',
        connection_id: otherDb.id,
        user_id: sub,
      });
      assert.equal(res.status, 201);
      assert.equal(res.body.length, 2);
      assert.equal(res.body[0].user_id, primary.identities[0].user_id);
      assert.deepEqual(res.body[1], {
        connection: 'Legacy-DB',
        provider: 'auth0',
        user_id: sub,
        isSocial: false,
        profileData: { email: 'secondary@example.com', email_verified: false, name: 'secondary' },
      });
      assert.equal((await server.api('GET', userPath(secondary.user_id))).status, 404);
    });

    it('refuses to link an account to itself with 400 invalid_request', async () => {
      const primary = await createDbUser('self-link@example.com');
      const res = await server.api('POST', userPath(primary.user_id, '/identities'), {
        provider: 'auth0',
        user_id: primary.identities[0].user_id,
      });
      assert.equal(res.status, 400);
      assert.equal(res.body.errorCode, 'invalid_request');
      assert.equal(res.body.message, 'Main identity and the new one are the same.');
    });

    it('returns 404 inexistent_identity for an unknown secondary account', async () => {
      const primary = await createDbUser('lonely@example.com');
      const res = await server.api('POST', userPath(primary.user_id, '/identities'), {
        provider: 'auth0',
        user_id: 'ffffffffffffffffffffffff',
      });
      assert.equal(res.status, 404);
      assert.equal(res.body.errorCode, 'inexistent_identity');
    });

    it('refuses to link into a user managed by an enterprise connection', async () => {
      const enterprise = await server.api('POST', '/users', { connection: 'acme-saml', email: 'managed@acme.com' });
      const secondary = await createDbUser('to-managed@example.com', 'Legacy-DB');
      const res = await server.api('POST', userPath(enterprise.body.user_id, '/identities'), {
        provider: 'auth0',
        connection_id: otherDb.id,
        user_id: secondary.identities[0].user_id,
      });
      assert.equal(res.status, 400);
      assert.equal(res.body.errorCode, 'operation_not_supported');
      assert.equal((await server.api('GET', userPath(secondary.user_id))).status, 200);
    });

    it('unlinks a secondary identity into a user of its own, keeping its password', async () => {
      const primary = await createDbUser('unlink-primary@example.com');
      const secondary = await createDbUser('unlink-secondary@example.com', 'Legacy-DB');
      const sub = secondary.identities[0].user_id;
      await server.api('POST', userPath(primary.user_id, '/identities'), { provider: 'auth0', connection_id: otherDb.id, user_id: sub });
      const res = await server.api('DELETE', userPath(primary.user_id, `/identities/auth0/${sub}`));
      assert.equal(res.status, 200);
      assert.deepEqual(
        res.body.map((i: { connection: string }) => i.connection),
        ['Username-Password'],
      );
      const restored = await server.api('GET', userPath(`auth0|${sub}`));
      assert.equal(restored.status, 200);
      assert.equal(restored.body.email, 'unlink-secondary@example.com');
      const [row] = await identityRows(server, `auth0|${sub}`);
      assert.equal(await verifyPassword(row.password_hash!, 'long enough pw'), true);
    });

    it('refuses to unlink the primary identity with 400', async () => {
      const user = await createDbUser('keep-primary@example.com');
      const res = await server.api('DELETE', userPath(user.user_id, `/identities/auth0/${user.identities[0].user_id}`));
      assert.equal(res.status, 400);
      assert.equal(res.body.errorCode, 'operation_not_supported');
      assert.equal(res.body.message, 'The primary identity cannot be unlinked.');
      assert.equal((await identityRows(server, user.user_id)).length, 1);
    });

    it('returns 404 inexistent_identity when unlinking an identity the user does not have', async () => {
      const user = await createDbUser('no-such-identity@example.com');
      const res = await server.api('DELETE', userPath(user.user_id, '/identities/github/12345'));
      assert.equal(res.status, 404);
      assert.equal(res.body.errorCode, 'inexistent_identity');
    });

    it("lists the user's organizations in Auth0's shape, with totals", async () => {
      const user = await createDbUser('member@example.com');
      const orgId = await insertMembership(server, user.user_id, 'member-org');
      const res = await server.api('GET', userPath(user.user_id, '/organizations?include_totals=true'));
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, {
        organizations: [{ id: orgId, name: 'member-org', display_name: 'Org member-org', metadata: { tier: 'gold' } }],
        start: 0,
        limit: 50,
        total: 1,
      });
    });

    it('returns 404 inexistent_user for the organizations of an unknown user', async () => {
      const res = await server.api('GET', userPath('auth0|nobody', '/organizations'));
      assert.equal(res.status, 404);
      assert.equal(res.body.errorCode, 'inexistent_user');
    });

    it('requires update:users to change identities', async () => {
      const user = await createDbUser('scoped-identities@example.com');
      const token = await server.token(['read:users']);
      const res = await server.api('POST', userPath(user.user_id, '/identities'), { type: 'enterprise', connection_id: saml.id }, token);
      assert.equal(res.status, 403);
      assert.equal(res.body.errorCode, 'insufficient_scope');
      assert.equal(res.body.message, 'Insufficient scope; expected any of: update:users.');
    });
  });
}
