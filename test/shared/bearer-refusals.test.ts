// The bearer-token refusals of the user-facing APIs (/my-org/v1, /me/v1), word for word, over real
// HTTP on both dialects: both share src/shared/bearer-token.ts and bearer-gate.ts, and each keeps
// its own wording on the wire.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT } from 'jose';
import { issuerIdentifier, myAccountAudience, myOrgAudience } from '../../src/config/config.js';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { serverSigningKey } from '../helpers/server-key.js';
import { assertProblem, callUserApi } from '../helpers/user-api.js';

const LIMIT = 8;

const SURFACES = [
  {
    name: 'My Organization',
    base: '/my-org/v1',
    path: '/details',
    audience: myOrgAudience,
    claims: { org_id: 'org_refusals000000' },
    notAUser: 'The token must come from a user login in an organization.',
  },
  {
    name: 'My Account',
    base: '/me/v1',
    path: '/authentication-methods',
    audience: myAccountAudience,
    claims: {},
    notAUser: 'The token must come from a user login.',
  },
];

for (const dialect of DIALECTS) {
  describe(`user-facing API bearer refusals [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect, { env: { GATEHOUSE_MGMT_RATE_LIMIT: String(LIMIT), GATEHOUSE_MGMT_RATE_WINDOW: '3600' } });
    });
    after(async () => {
      await server.close();
    });

    /** A token signed with the server's current key for this audience, expiring at `exp` (epoch seconds). */
    async function sign(audience: string, claims: Record<string, unknown>, exp = Math.floor(Date.now() / 1000) + 600) {
      const { kid, key: serverKey } = await serverSigningKey(server);
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid })
        .setIssuer(issuerIdentifier(server.config))
        .setAudience(audience)
        .setIssuedAt(exp - 600)
        .setExpirationTime(exp)
        .sign(serverKey);
    }

    for (const surface of SURFACES) {
      const call = (token: string | undefined) => callUserApi(server, surface.base, token, 'GET', surface.path);
      const audience = () => surface.audience(server.config);

      it(`${surface.name}: 401 "Missing or invalid token." without a bearer token, asking for one`, async () => {
        const res = await call(undefined);
        const body = assertProblem(res, 401, 'invalid_token');
        assert.equal(body.detail, 'Missing or invalid token.');
        assert.equal(body.type, 'https://auth0.com/api-errors/A0E-401-0003');
        assert.equal(res.headers.get('www-authenticate'), 'Bearer');
        assert.equal(res.headers.get('x-ratelimit-limit'), String(LIMIT));
      });

      it(`${surface.name}: 401 "Invalid Token" for a malformed token and for a Management API token`, async () => {
        assert.equal(assertProblem(await call('not-a-jwt'), 401, 'invalid_token').detail, 'Invalid Token');
        assert.equal(assertProblem(await call(await server.token()), 401, 'invalid_token').detail, 'Invalid Token');
      });

      it(`${surface.name}: 401 "Token expired." for an expired token signed by our key`, async () => {
        const token = await sign(audience(), { sub: 'auth0|expired', ...surface.claims }, Math.floor(Date.now() / 1000) - 60);
        assert.equal(assertProblem(await call(token), 401, 'invalid_token').detail, 'Token expired.');
      });

      it(`${surface.name}: 401 for a client-credentials token of the audience`, async () => {
        const token = await sign(audience(), { sub: 'client@clients', gty: 'client-credentials', ...surface.claims });
        assert.equal(assertProblem(await call(token), 401, 'invalid_token').detail, surface.notAUser);
      });

      it(`${surface.name}: 429 "Too many requests." with Retry-After once the caller's limit is spent`, async () => {
        // A well-signed token of someone unknown: its own counter, refused (401) until the limit.
        const token = await sign(audience(), { sub: `auth0|limited-${surface.base}`, ...surface.claims });
        for (let i = 1; i <= LIMIT; i += 1) {
          const res = await call(token);
          assertProblem(res, 401, 'invalid_token');
          assert.equal(res.headers.get('x-ratelimit-remaining'), String(LIMIT - i));
        }
        const limited = await call(token);
        assert.equal(assertProblem(limited, 429, 'too_many_requests').detail, 'Too many requests.');
        assert.ok(Number(limited.headers.get('retry-after')) >= 1, String(limited.headers.get('retry-after')));
      });
    }
  });
}
