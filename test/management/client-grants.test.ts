import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { managementAudience } from '../../src/config/config.js';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';

const AUDIENCE = 'https://grants.example.com';

for (const dialect of DIALECTS) {
  describe(`client grants API [${dialect}]`, () => {
    let server: TestServer;
    let newClient: () => Promise<string>;
    before(async () => {
      server = await startServer(dialect);
      const api = await server.api('POST', '/resource-servers', {
        name: 'Grants API',
        identifier: AUDIENCE,
        scopes: [{ value: 'read:things' }, { value: 'write:things' }],
      });
      assert.equal(api.status, 201);
      let n = 0;
      newClient = async () =>
        (await server.api('POST', '/clients', { name: `grant client ${(n += 1)}`, app_type: 'non_interactive' })).body.client_id;
    });
    after(async () => {
      await server.close();
    });

    it('creates a grant with a cgr_ id and returns 201', async () => {
      const clientId = await newClient();
      const res = await server.api('POST', '/client-grants', { client_id: clientId, audience: AUDIENCE, scope: ['read:things'] });
      assert.equal(res.status, 201);
      assert.match(res.body.id, /^cgr_[A-Za-z0-9]{16}$/);
      assert.deepEqual(res.body, {
        id: res.body.id,
        client_id: clientId,
        audience: AUDIENCE,
        scope: ['read:things'],
        allow_any_organization: false,
        subject_type: 'client',
      });
    });

    it('stores organization_usage and allow_any_organization', async () => {
      const res = await server.api('POST', '/client-grants', {
        client_id: await newClient(),
        audience: AUDIENCE,
        scope: [],
        organization_usage: 'allow',
        allow_any_organization: true,
      });
      assert.equal(res.status, 201);
      assert.equal(res.body.organization_usage, 'allow');
      assert.equal(res.body.allow_any_organization, true);
    });

    it('returns 409 client_grant_conflict for a second grant of the same client and audience', async () => {
      const clientId = await newClient();
      await server.api('POST', '/client-grants', { client_id: clientId, audience: AUDIENCE, scope: ['read:things'] });
      const res = await server.api('POST', '/client-grants', { client_id: clientId, audience: AUDIENCE, scope: ['write:things'] });
      assert.equal(res.status, 409);
      assert.equal(res.body.errorCode, 'client_grant_conflict');
      const stored = await server.api('GET', `/client-grants?client_id=${clientId}`);
      assert.deepEqual(
        stored.body.map((g: { scope: string[] }) => g.scope),
        [['read:things']],
      );
    });

    it('returns 404 inexistent_client for an unknown client_id', async () => {
      const res = await server.api('POST', '/client-grants', { client_id: 'nosuchclient', audience: AUDIENCE, scope: [] });
      assert.equal(res.status, 404);
      assert.equal(res.body.errorCode, 'inexistent_client');
      assert.equal(res.body.message, 'No client found by that id: nosuchclient');
    });

    it('returns 404 inexistent_resource_server for an audience that is not an API', async () => {
      const clientId = await newClient();
      const res = await server.api('POST', '/client-grants', { client_id: clientId, audience: 'https://unknown.example.com', scope: [] });
      assert.equal(res.status, 404);
      assert.equal(res.body.errorCode, 'inexistent_resource_server');
      assert.equal(res.body.message, 'No resource server found by that identifier: https://unknown.example.com');
      assert.deepEqual((await server.api('GET', `/client-grants?client_id=${clientId}`)).body, []);
    });

    it('rejects a scope the API does not define, naming it, and stores nothing', async () => {
      const clientId = await newClient();
      const res = await server.api('POST', '/client-grants', {
        client_id: clientId,
        audience: AUDIENCE,
        scope: ['read:things', 'delete:things'],
      });
      assert.equal(res.status, 400);
      assert.equal(res.body.errorCode, 'invalid_body');
      assert.equal(
        res.body.message,
        `Payload validation error: 'Scope "delete:things" is not defined on the resource server ${AUDIENCE}' on property scope.`,
      );
      assert.deepEqual((await server.api('GET', `/client-grants?client_id=${clientId}`)).body, []);
    });

    it('rejects unknown fields, wrong types, missing audience and bad organization_usage', async () => {
      const clientId = await newClient();
      const cases: [Record<string, unknown>, string][] = [
        [
          { client_id: clientId, audience: AUDIENCE, allow_all_scopes: true },
          "Payload validation error: 'Additional properties not allowed: allow_all_scopes' on property allow_all_scopes.",
        ],
        [
          { client_id: clientId, audience: AUDIENCE, scope: 'read:things' },
          "Payload validation error: 'Expected type array but found type string' on property scope.",
        ],
        [{ client_id: clientId }, "Payload validation error: 'Missing required property: audience' on property audience."],
        [
          { client_id: clientId, audience: AUDIENCE, organization_usage: 'sometimes' },
          'Payload validation error: \'No enum match for: "sometimes"\' on property organization_usage.',
        ],
        [
          { client_id: clientId, audience: 'a'.repeat(601) },
          "Payload validation error: 'String is too long (601 chars), maximum 600' on property audience.",
        ],
      ];
      for (const [body, message] of cases) {
        const res = await server.api('POST', '/client-grants', body);
        assert.equal(res.status, 400);
        assert.equal(res.body.errorCode, 'invalid_body');
        assert.equal(res.body.message, message);
      }
    });

    it('lists with audience and client_id filters, totals and checkpoints', async () => {
      const clientId = await newClient();
      const created = await server.api('POST', '/client-grants', { client_id: clientId, audience: AUDIENCE, scope: [] });
      const byClient = await server.api('GET', `/client-grants?client_id=${clientId}`);
      assert.deepEqual(byClient.body, [created.body]);
      const byAudience = await server.api('GET', `/client-grants?audience=${encodeURIComponent(AUDIENCE)}&include_totals=true`);
      assert.ok(byAudience.body.client_grants.every((g: { audience: string }) => g.audience === AUDIENCE));
      assert.equal(byAudience.body.total, byAudience.body.client_grants.length);
      const mgmt = await server.api('GET', `/client-grants?audience=${encodeURIComponent(managementAudience(server.config))}`);
      assert.ok(mgmt.body.some((g: { client_id: string }) => g.client_id === server.bootstrap.clientId));
      const page = await server.api('GET', '/client-grants?take=1');
      const next = await server.api('GET', `/client-grants?take=1&from=${page.body.next}`);
      assert.ok(next.body.client_grants[0].id > page.body.client_grants[0].id);
    });

    it('patches scope, organization_usage and allow_any_organization', async () => {
      const created = await server.api('POST', '/client-grants', {
        client_id: await newClient(),
        audience: AUDIENCE,
        scope: ['read:things'],
        organization_usage: 'allow',
      });
      const res = await server.api('PATCH', `/client-grants/${created.body.id}`, {
        scope: ['read:things', 'write:things'],
        organization_usage: null,
        allow_any_organization: true,
      });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.scope, ['read:things', 'write:things']);
      assert.equal(res.body.organization_usage, undefined);
      assert.equal(res.body.allow_any_organization, true);
    });

    it('rejects a patch with an undefined scope and leaves the grant unchanged', async () => {
      const created = await server.api('POST', '/client-grants', {
        client_id: await newClient(),
        audience: AUDIENCE,
        scope: ['read:things'],
      });
      const res = await server.api('PATCH', `/client-grants/${created.body.id}`, { scope: ['admin'], allow_any_organization: true });
      assert.equal(res.status, 400);
      assert.equal(res.body.errorCode, 'invalid_body');
      const stored = await server.api('GET', `/client-grants?client_id=${created.body.client_id}`);
      assert.deepEqual(stored.body, [created.body]);
    });

    it('rejects patching the audience or client_id', async () => {
      const created = await server.api('POST', '/client-grants', { client_id: await newClient(), audience: AUDIENCE, scope: [] });
      const res = await server.api('PATCH', `/client-grants/${created.body.id}`, { audience: 'https://other.example.com' });
      assert.equal(res.status, 400);
      assert.equal(res.body.message, "Payload validation error: 'Additional properties not allowed: audience' on property audience.");
    });

    it('returns 404 inexistent_client_grant for an unknown id and 400 for a malformed one', async () => {
      const patch = await server.api('PATCH', '/client-grants/cgr_0000000000000000', { scope: [] });
      assert.equal(patch.status, 404);
      assert.equal(patch.body.errorCode, 'inexistent_client_grant');
      const del = await server.api('DELETE', '/client-grants/cgr_0000000000000000');
      assert.equal(del.status, 404);
      const malformed = await server.api('DELETE', '/client-grants/not-a-grant');
      assert.equal(malformed.status, 400);
      assert.equal(malformed.body.errorCode, 'invalid_uri');
    });

    it('deletes a grant with 204', async () => {
      const created = await server.api('POST', '/client-grants', { client_id: await newClient(), audience: AUDIENCE, scope: [] });
      const res = await server.api('DELETE', `/client-grants/${created.body.id}`);
      assert.equal(res.status, 204);
      assert.deepEqual((await server.api('GET', `/client-grants?client_id=${created.body.client_id}`)).body, []);
    });

    it("refuses to delete the bootstrap client's Management API grant", async () => {
      const grants = await server.api('GET', `/client-grants?client_id=${server.bootstrap.clientId}`);
      const res = await server.api('DELETE', `/client-grants/${grants.body[0].id}`);
      assert.equal(res.status, 400);
      assert.equal(res.body.errorCode, 'operation_not_supported');
      assert.equal((await server.api('GET', `/client-grants?client_id=${server.bootstrap.clientId}`)).body.length, 1);
    });

    it('requires the route scope on every client grant route', async () => {
      const created = await server.api('POST', '/client-grants', { client_id: await newClient(), audience: AUDIENCE, scope: [] });
      const readOnly = await server.token(['read:client_grants']);
      const checks: [string, string, unknown, string][] = [
        ['POST', '/client-grants', { client_id: 'x', audience: AUDIENCE }, 'create:client_grants'],
        ['PATCH', `/client-grants/${created.body.id}`, { scope: [] }, 'update:client_grants'],
        ['DELETE', `/client-grants/${created.body.id}`, undefined, 'delete:client_grants'],
      ];
      for (const [method, path, body, scope] of checks) {
        const res = await server.api(method, path, body, readOnly);
        assert.equal(res.status, 403);
        assert.equal(res.body.errorCode, 'insufficient_scope');
        assert.equal(res.body.message, `Insufficient scope; expected any of: ${scope}.`);
      }
      assert.equal((await server.api('GET', '/client-grants', undefined, await server.token(['read:clients']))).status, 403);
      assert.equal((await server.api('GET', `/client-grants?client_id=${created.body.client_id}`)).body.length, 1);
    });
  });
}
