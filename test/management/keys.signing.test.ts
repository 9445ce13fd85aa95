import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import type { ManagementClient } from 'auth0';
import { DIALECTS } from '../helpers/dialects.js';
import { startWithSdk } from '../helpers/management-sdk.js';
import type { TestServer } from '../helpers/start-server.js';

const DELAY_SECONDS = 3600;

for (const dialect of DIALECTS) {
  describe(`Management API signing keys, through the auth0 SDK [${dialect}]`, () => {
    let server: TestServer;
    let management: ManagementClient;
    before(async () => {
      ({ server, management } = await startWithSdk(dialect, { env: { GATEHOUSE_SIGNING_KEY_ACTIVATION_DELAY: String(DELAY_SECONDS) } }));
    });
    after(async () => {
      await server.close();
    });

    async function jwks(): Promise<{ kid: string; n: string }[]> {
      return ((await (await fetch(`${server.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string; n: string }[] }).keys;
    }

    it('lists the key that signs, with a certificate of that very key', async () => {
      const keys = await management.keys.signing.list();
      assert.equal(keys.length, 1);
      const [key] = keys;
      assert.equal(key.current, true);
      assert.equal(key.next, false);
      const cert = new X509Certificate(key.cert);
      assert.ok(cert.verify(cert.publicKey), 'self-signed');
      assert.equal(cert.subject, `CN=${new URL(server.url).hostname}`);
      assert.equal(cert.fingerprint, key.fingerprint);
      assert.equal(key.thumbprint, key.fingerprint.replaceAll(':', '').toLowerCase());
      const published = (await jwks()).find((k) => k.kid === key.kid);
      assert.ok(published, 'the key is the one in the JWKS');
      assert.equal((cert.publicKey.export({ format: 'jwk' }) as { n: string }).n, published.n);
      assert.deepEqual(await management.keys.signing.get(key.kid), key);
    });

    it('rotates: the new key is published at once and signs after the activation delay', async () => {
      const [before] = await management.keys.signing.list();
      const rotated = await management.keys.signing.rotate();
      assert.notEqual(rotated.kid, before.kid);
      assert.ok(new X509Certificate(rotated.cert).verify(new X509Certificate(rotated.cert).publicKey));
      assert.ok(
        (await jwks()).some((k) => k.kid === rotated.kid),
        'in the JWKS now',
      );
      const keys = await management.keys.signing.list();
      const byKid = new Map(keys.map((k) => [k.kid, k]));
      assert.equal(byKid.get(before.kid)?.current, true, 'the old key still signs');
      const next = byKid.get(rotated.kid)!;
      assert.equal(next.next, true);
      assert.equal(next.current, false);
      const since = Date.parse(String(next.current_since));
      assert.ok(since > Date.now() + (DELAY_SECONDS - 120) * 1000, 'signs after the delay');
      assert.equal(byKid.get(before.kid)?.current_until, next.current_since);
      // A token still carries the current key's kid.
      const token = await server.token();
      assert.equal(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()).kid, before.kid);

      const events = await server.database.db.kysely
        .selectFrom('events')
        .select(['type', 'actor_id', 'details'])
        .where('action', '=', 'signing_key_rotated')
        .execute();
      assert.equal(events.length, 1);
      assert.equal(events[0].type, 'sapi');
      assert.equal(events[0].actor_id, server.bootstrap.clientId);
    });

    it('answers 404 for an unknown kid, and needs the signing_keys scopes', async () => {
      assert.equal((await server.api('GET', '/keys/signing/no-such-kid')).status, 404);
      const readOnly = await server.token(['read:signing_keys']);
      assert.equal((await server.api('GET', '/keys/signing', undefined, readOnly)).status, 200);
      const refused = await server.api('POST', '/keys/signing/rotate', undefined, readOnly);
      assert.equal(refused.status, 403);
      assert.match(refused.body.message, /create:signing_keys,update:signing_keys/);
      const updater = await server.token(['update:signing_keys']);
      assert.equal((await server.api('POST', '/keys/signing/rotate', undefined, updater)).status, 201);
      assert.equal((await server.api('GET', '/keys/signing', undefined, await server.token(['read:users']))).status, 403);
    });
  });
}
