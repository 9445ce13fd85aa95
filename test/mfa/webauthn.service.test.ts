// The WebAuthn service's own rules, every dialect, with a software authenticator: a challenge is
// single-use, bound to its interaction and user, and expires; the counter only moves forward.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import type { Clock } from '../../src/domain/shared/clock.js';
import { DomainError } from '../../src/domain/errors.js';
import { createSoftAuthenticator } from './soft-authenticator.js';
import { PASSWORD } from '../login/login.fixtures.js';

const attempt = { ip: '192.0.2.7' };

for (const dialect of DIALECTS) {
  describe(`WebAuthn service [${dialect}]`, () => {
    let server: TestServer;
    let now = Date.now();
    const clock: Clock = { now: () => new Date(now) };
    before(async () => {
      server = await startServer(dialect, { clock });
      await server.api('POST', '/connections', { name: 'webauthn-service-db', strategy: 'auth0' });
    });
    after(async () => {
      await server.close();
    });
    const webauthn = () => server.app.services.webauthn;

    /** A user with an enrolled security key (counter 0), through the service. */
    async function enrolled(name: string) {
      const user = await server.api('POST', '/users', {
        connection: 'webauthn-service-db',
        email: `${name}@service.example`,
        password: PASSWORD,
      });
      assert.equal(user.status, 201, JSON.stringify(user.body));
      const userId = user.body.user_id as string;
      const key = createSoftAuthenticator(server.url);
      const options = await webauthn().registrationOptions(`${name}-enrol`, userId, 'second-factor', 'Test');
      await webauthn().enrol(attempt, { userId }, `${name}-enrol`, 'second-factor', JSON.stringify(key.register(options)));
      return { userId, key };
    }

    const refusal = (code: string) => (error: unknown) => error instanceof DomainError && error.code === code;

    it('accepts an assertion once: the same one again finds its challenge taken, though its counter never moves', async () => {
      const { userId, key } = await enrolled('replay');
      const options = await webauthn().challengeOptions('replay-1', userId);
      const assertion = JSON.stringify(key.assert(options, { counter: 0 }));
      assert.deepEqual(await webauthn().challenge(attempt, { userId }, 'replay-1', assertion), { amr: 'hwk' });
      await assert.rejects(webauthn().challenge(attempt, { userId }, 'replay-1', assertion), refusal('invalid_mfa_code'));
    });

    it("refuses a challenge of another interaction, or another user's", async () => {
      const { userId, key } = await enrolled('bound');
      const other = await enrolled('bound-other');
      const options = await webauthn().challengeOptions('bound-1', userId);
      await webauthn().challengeOptions('bound-2', userId);
      await assert.rejects(
        webauthn().challenge(attempt, { userId }, 'bound-2', JSON.stringify(key.assert(options, { counter: 0 }))),
        refusal('invalid_mfa_code'),
      );
      const theirs = await webauthn().challengeOptions('bound-3', other.userId);
      await assert.rejects(
        webauthn().challenge(attempt, { userId }, 'bound-3', JSON.stringify(key.assert(theirs, { counter: 0 }))),
        refusal('invalid_mfa_code'),
      );
    });

    it('refuses a challenge answered after it expired', async () => {
      const { userId, key } = await enrolled('expiry');
      const options = await webauthn().challengeOptions('expiry-1', userId);
      now += 11 * 60_000;
      await assert.rejects(
        webauthn().challenge(attempt, { userId }, 'expiry-1', JSON.stringify(key.assert(options, { counter: 0 }))),
        refusal('invalid_mfa_code'),
      );
    });

    it('refuses a counter lower than the stored one, or back at zero once it moved', async () => {
      const { userId, key } = await enrolled('counter');
      const answer = async (uid: string, counter: number) =>
        webauthn().challenge(
          attempt,
          { userId },
          uid,
          JSON.stringify(key.assert(await webauthn().challengeOptions(uid, userId), { counter })),
        );
      await answer('counter-1', 7);
      await assert.rejects(answer('counter-2', 6), refusal('invalid_mfa_code'));
      await assert.rejects(answer('counter-3', 0), refusal('invalid_mfa_code'));
      await answer('counter-4', 8);
    });

    it('refuses text that is not a credential without throwing anything else', async () => {
      const { userId } = await enrolled('garbage');
      await webauthn().challengeOptions('garbage-1', userId);
      for (const text of ['', '{', 'null', '{"id":"a","rawId":"b","type":"public-key","response":{}}'])
        await assert.rejects(webauthn().challenge(attempt, { userId }, 'garbage-1', text), refusal('invalid_mfa_code'));
    });

    it('locks the second factor after five refused assertions, like wrong codes, even for a valid one', async () => {
      const { userId, key } = await enrolled('lockout');
      for (let i = 0; i < 5; i += 1) {
        await webauthn().challengeOptions(`lockout-${i}`, userId);
        // A real assertion, of a challenge never issued.
        const forged = JSON.stringify(key.assert({ challenge: 'AAAA' }, { counter: 0 }));
        await assert.rejects(webauthn().challenge(attempt, { userId }, `lockout-${i}`, forged), refusal('invalid_mfa_code'));
      }
      const options = await webauthn().challengeOptions('lockout-5', userId);
      await assert.rejects(
        webauthn().challenge(attempt, { userId }, 'lockout-5', JSON.stringify(key.assert(options, { counter: 0 }))),
        refusal('too_many_attempts'),
      );
    });
  });
}
