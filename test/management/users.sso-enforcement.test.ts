import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { userPath } from './users.factories.js';

const PASSWORD = 'Correct-horse-battery-1';
const NEW_PASSWORD = 'Another-correct-horse-2';

// SSO enforcement beyond sign-in and creation: where an organization requires single sign-on for
// its verified domains, the Management API neither moves a password (or social) account into them,
// nor sets a password there, nor links accounts there — except for the break-glass accounts.
for (const dialect of DIALECTS) {
  describe(`Management API: SSO enforcement on user updates and account linking [${dialect}]`, () => {
    let server: TestServer;
    let org: { id: string };
    let legacyDb: { id: string };

    async function user(email: string, connection = 'ssoe-db', password: string | null = PASSWORD) {
      const res = await server.api('POST', '/users', { connection, email, ...(password ? { password } : {}), email_verified: true });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body as { user_id: string; email: string; identities: { user_id: string }[] };
    }

    async function enforce(breakGlass: string[]) {
      const res = await server.api('PATCH', `/organizations/${org.id}`, {
        gatehouse_sso_enforcement: { enabled: true, break_glass_accounts: breakGlass },
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }

    const rule = (what: string, field: string) =>
      `Payload validation error: 'The email's domain requires single sign-on in organization ssoe (gatehouse_sso_enforcement); only its break_glass_accounts may ${what}' on property ${field}.`;

    let early: { user_id: string };
    let legacyInside: { user_id: string; identities: { user_id: string }[] };
    before(async () => {
      server = await startServer(dialect);
      org = (await server.api('POST', '/organizations', { name: 'ssoe' })).body;
      await server.api('POST', '/connections', { name: 'ssoe-db', strategy: 'auth0' });
      legacyDb = (await server.api('POST', '/connections', { name: 'ssoe-legacy', strategy: 'auth0' })).body;
      await server.api('POST', '/connections', {
        name: 'ssoe-oidc',
        strategy: 'oidc',
        options: { discovery_url: 'https://idp.example.test/.well-known/openid-configuration', client_id: 'corp', type: 'front_channel' },
      });
      // Password accounts made before the organization proved its domain and required SSO.
      early = await user('early@ssoe.example');
      legacyInside = await user('cy@ssoe.example', 'ssoe-legacy');
      const domain = await server.api('POST', `/organizations/${org.id}/discovery-domains`, { domain: 'ssoe.example', status: 'verified' });
      assert.equal(domain.status, 201, JSON.stringify(domain.body));
      await enforce(['rescue@ssoe.example']);
    });
    after(async () => {
      await server?.close();
    });

    it('refuses to move a password account into an SSO-enforced domain, but a break-glass email or an enterprise user', async () => {
      const ana = await user('ana@elsewhere.example');
      const refused = await server.api('PATCH', userPath(ana.user_id), { email: 'ana@eu.ssoe.example' });
      assert.equal(refused.status, 400, JSON.stringify(refused.body));
      assert.equal(refused.body.errorCode, 'invalid_body');
      assert.equal(refused.body.message, rule('sign in with a password or a social account', 'email'));
      assert.equal((await server.api('GET', userPath(ana.user_id))).body.email, 'ana@elsewhere.example', 'nothing changed');

      const rescue = await server.api('PATCH', userPath(ana.user_id), { email: 'Rescue@ssoe.example' });
      assert.equal(rescue.status, 200, JSON.stringify(rescue.body));

      // A user of an enterprise connection signs in with SSO whatever their email.
      const sso = await user('sso@elsewhere.example', 'ssoe-oidc', null);
      const moved = await server.api('PATCH', userPath(sso.user_id), { email: 'sso@ssoe.example' });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
    });

    it('refuses a new password in an SSO-enforced domain until the account is named break-glass', async () => {
      const refused = await server.api('PATCH', userPath(early.user_id), { password: NEW_PASSWORD });
      assert.equal(refused.status, 400, JSON.stringify(refused.body));
      assert.equal(refused.body.message, rule('have a password', 'password'));
      // Other changes of the account go through.
      const named = await server.api('PATCH', userPath(early.user_id), { name: 'Early Bird' });
      assert.equal(named.status, 200, JSON.stringify(named.body));
      // A password and an email into the domain in one request: the new email decides.
      const outsider = await user('bo@elsewhere.example');
      const both = await server.api('PATCH', userPath(outsider.user_id), { email: 'bo@ssoe.example', password: NEW_PASSWORD });
      assert.equal(both.status, 400, JSON.stringify(both.body));

      await enforce(['rescue@ssoe.example', early.user_id]);
      const allowed = await server.api('PATCH', userPath(early.user_id), { password: NEW_PASSWORD });
      assert.equal(allowed.status, 200, JSON.stringify(allowed.body));
      await enforce(['rescue@ssoe.example']);
    });

    it('refuses to link accounts when either email is in an SSO-enforced domain', async () => {
      const outside = await user('cy@elsewhere.example');
      const intoOutside = await server.api('POST', userPath(outside.user_id, '/identities'), {
        provider: 'auth0',
        connection_id: legacyDb.id,
        user_id: legacyInside.identities[0].user_id,
      });
      assert.equal(intoOutside.status, 400, JSON.stringify(intoOutside.body));
      assert.equal(intoOutside.body.message, rule('be linked to another account', 'user_id'));

      const legacyOutside = await user('dee@elsewhere.example', 'ssoe-legacy');
      const intoInside = await server.api('POST', userPath(early.user_id, '/identities'), {
        provider: 'auth0',
        connection_id: legacyDb.id,
        user_id: legacyOutside.identities[0].user_id,
      });
      assert.equal(intoInside.status, 400, JSON.stringify(intoInside.body));
      // Both accounts still exist, unlinked.
      assert.equal((await server.api('GET', userPath(legacyInside.user_id))).status, 200);
      assert.equal((await server.api('GET', userPath(legacyOutside.user_id))).status, 200);
      assert.equal((await server.api('GET', userPath(early.user_id))).body.identities.length, 1);

      // Outside any enforced domain, linking works as before.
      const linked = await server.api('POST', userPath(outside.user_id, '/identities'), {
        provider: 'auth0',
        connection_id: legacyDb.id,
        user_id: legacyOutside.identities[0].user_id,
      });
      assert.equal(linked.status, 201, JSON.stringify(linked.body));
    });
  });
}
