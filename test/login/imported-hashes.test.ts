import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { importedPasswordHash } from '../../src/domain/users/custom-password-hash.js';
import { hashVectors } from '../users/hash-vectors.js';
import { CALLBACK, authorize, createAgent, organizationWithMember, registerApp, signInWithPassword } from './login.fixtures.js';

// A member whose identity holds a foreign hash signs in with the original password through the
// hosted login, and the hash becomes argon2id; a wrong password leaves the imported hash alone.
for (const dialect of DIALECTS) {
  describe(`sign-in with an imported password hash [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect);
    });
    after(async () => {
      await server.close();
    });

    it('verifies bcrypt, PBKDF2 and salted SHA-256 hashes, then upgrades them to argon2id', async () => {
      const password = 'Imported-password-7';
      const vectors = await hashVectors(password);
      const { config } = await registerApp(server, { organization_usage: 'allow' });
      for (const name of ['bcrypt', 'pbkdf2-sha256', 'sha256']) {
        const { org, member } = await organizationWithMember(server, `hash-${name}`);
        const parsed = importedPasswordHash(vectors[name]);
        assert.ok(parsed && 'stored' in parsed);
        const identities = () =>
          server.database.db.kysely.selectFrom('identities').select('password_hash').where('user_id', '=', member.user_id);
        await server.database.db.kysely
          .updateTable('identities')
          .set({ password_hash: parsed.stored })
          .where('user_id', '=', member.user_id)
          .execute();

        const wrong = createAgent();
        const refused = await signInWithPassword(
          wrong,
          (await authorize(config, wrong, { organization: org.id })).page,
          member.email,
          'nope-nope-1',
        );
        assert.equal(refused.status, 401, name);
        assert.equal(
          (await identities().executeTakeFirstOrThrow()).password_hash,
          parsed.stored,
          `${name}: untouched after a wrong password`,
        );

        const agent = createAgent();
        const done = await signInWithPassword(
          agent,
          (await authorize(config, agent, { organization: org.id })).page,
          member.email,
          password,
        );
        assert.ok(done.url.startsWith(CALLBACK), `${name}: signed in (${done.status})`);
        assert.match((await identities().executeTakeFirstOrThrow()).password_hash!, /^\$argon2id\$/, `${name}: upgraded`);
      }
    });
  });
}
