// /api/v2/connections/{id}/scim-configuration through the official auth0 SDK, and the SCIM tokens'
// rules: shown once, stored hashed, at most two active, scoped, expiring, valid for their connection only.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { ManagementClient, ManagementError } from 'auth0';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';

const TLS = { certPath: path.resolve('test/fixtures/tls/cert.pem'), keyPath: path.resolve('test/fixtures/tls/key.pem') };

async function refused(promise: Promise<unknown>): Promise<ManagementError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ManagementError) return error;
    throw error;
  }
  assert.fail('the call succeeded');
}

for (const dialect of DIALECTS) {
  describe(`Management API scim-configuration [${dialect}]`, () => {
    let server: TestServer;
    let management: ManagementClient;
    let connectionId: string;
    before(async () => {
      server = await startServer(dialect, { tls: TLS });
      management = new ManagementClient({
        domain: new URL(server.url).host,
        clientId: server.bootstrap.clientId,
        clientSecret: server.bootstrap.clientSecret,
        maxRetries: 0,
      });
      const saml = await management.connections.create({
        name: 'scim-sdk-saml',
        strategy: 'samlp',
        options: { signInEndpoint: 'https://idp.example.com/sso' } as never,
      });
      connectionId = saml.id!;
    });
    after(() => server.close());

    const scim = (token: string, id = connectionId) =>
      fetch(`${server.url}/scim/v2/connections/${id}/Users`, { headers: { authorization: `Bearer ${token}` } });

    it('creates, reads, updates and deletes the configuration in Auth0 shapes, recording each change', async () => {
      const missing = await refused(management.connections.scimConfiguration.get(connectionId));
      assert.equal(missing.statusCode, 404);

      const defaults = await management.connections.scimConfiguration.getDefaultMapping(connectionId);
      assert.ok(defaults.mapping!.some((m) => m.auth0 === 'email' && m.scim === 'emails[primary eq true].value'));

      const created = await management.connections.scimConfiguration.create(connectionId, {});
      assert.equal(created.connection_id, connectionId);
      assert.equal(created.connection_name, 'scim-sdk-saml');
      assert.equal(created.strategy, 'samlp');
      assert.equal(created.tenant_name, new URL(server.url).host);
      assert.equal(created.user_id_attribute, 'userName');
      assert.deepEqual(created.mapping, defaults.mapping);
      assert.match(created.created_at, /^\d{4}-\d\d-\d\dT/);

      const again = await refused(management.connections.scimConfiguration.create(connectionId, {}));
      assert.equal(again.statusCode, 409);

      const mapping = [
        { auth0: 'email', scim: 'emails[type eq "work"].value' },
        { auth0: 'app_metadata.employee_id', scim: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber' },
      ];
      const updated = await management.connections.scimConfiguration.update(connectionId, { user_id_attribute: 'externalId', mapping });
      assert.equal(updated.user_id_attribute, 'externalId');
      assert.deepEqual(updated.mapping, mapping);
      assert.deepEqual((await management.connections.scimConfiguration.get(connectionId)).mapping, mapping);

      const bad = await refused(
        management.connections.scimConfiguration.update(connectionId, {
          user_id_attribute: 'externalId',
          mapping: [{ auth0: 'password', scim: 'password' }],
        }),
      );
      assert.equal(bad.statusCode, 400);
      assert.match(JSON.stringify(bad.body), /mapping\[0\]\.auth0/);

      await management.connections.scimConfiguration.delete(connectionId);
      assert.equal((await refused(management.connections.scimConfiguration.get(connectionId))).statusCode, 404);

      const actions = (
        await server.database.db.kysely
          .selectFrom('events')
          .select('action')
          .where('connection_id', '=', connectionId)
          .orderBy('id')
          .execute()
      ).map((e) => e.action);
      assert.deepEqual(
        actions.filter((a) => a.startsWith('scim_')),
        ['scim_configuration_created', 'scim_configuration_updated', 'scim_configuration_deleted'],
      );
    });

    it('shows a token once, stores only its SHA-256, lists it without its value and refuses a third', async () => {
      await management.connections.scimConfiguration.create(connectionId, {});
      const first = await management.connections.scimConfiguration.tokens.create(connectionId, { scopes: ['get:users'] });
      assert.ok(first.token && first.token.length >= 40);
      assert.deepEqual(first.scopes, ['get:users']);
      const second = await management.connections.scimConfiguration.tokens.create(connectionId, { token_lifetime: 3600 });
      assert.ok(second.valid_until);
      const third = await refused(management.connections.scimConfiguration.tokens.create(connectionId, {}));
      assert.equal(third.statusCode, 409);

      const listed = await management.connections.scimConfiguration.tokens.get(connectionId);
      assert.deepEqual(listed.map((t) => t.token_id).sort(), [first.token_id, second.token_id].sort());
      assert.ok(listed.every((t) => !('token' in t)));
      const rows = await server.database.db.kysely.selectFrom('scim_tokens').select('token_hash').execute();
      assert.ok(rows.some((r) => r.token_hash === createHash('sha256').update(first.token!).digest('hex')));
      const events = await server.database.db.kysely
        .selectFrom('events')
        .select('details')
        .where('action', '=', 'scim_token_created')
        .execute();
      assert.ok(
        events.every((e) => !e.details.includes(first.token!) && !e.details.includes(second.token!)),
        'no token in the events',
      );

      assert.equal((await scim(first.token!)).status, 200);
      await management.connections.scimConfiguration.tokens.delete(connectionId, first.token_id!);
      assert.equal((await scim(first.token!)).status, 401, 'a deleted token stops working');
      assert.equal((await management.connections.scimConfiguration.tokens.get(connectionId)).length, 1);
    });

    it('refuses a token on another connection, a token without the scope and a token_lifetime under 900 s', async () => {
      const other = await management.connections.create({
        name: 'scim-sdk-other',
        strategy: 'samlp',
        options: { signInEndpoint: 'https://idp.example.com/sso' } as never,
      });
      await management.connections.scimConfiguration.create(other.id!, {});
      const token = await management.connections.scimConfiguration.tokens.create(other.id!, { scopes: ['post:users'] });
      const cross = await scim(token.token!, connectionId);
      assert.equal(cross.status, 401);
      const body = await cross.json();
      assert.deepEqual(body.schemas, ['urn:ietf:params:scim:api:messages:2.0:Error']);
      assert.equal(body.status, '401');
      assert.equal((await scim(token.token!, other.id!)).status, 403, 'post:users does not read');
      const short = await refused(management.connections.scimConfiguration.tokens.create(other.id!, { token_lifetime: 600 }));
      assert.equal(short.statusCode, 400);
      assert.match(JSON.stringify(short.body), /token_lifetime/);
    });

    it('answers 403 without the scim scopes and 400 for a database connection', async () => {
      const token = await server.token(['read:connections']);
      const res = await server.api('GET', `/connections/${connectionId}/scim-configuration`, undefined, token);
      assert.equal(res.status, 403);
      assert.equal(res.body.errorCode, 'insufficient_scope');
      const db = await management.connections.create({ name: 'scim-sdk-db', strategy: 'auth0' });
      const refusedDb = await server.api('POST', `/connections/${db.id}/scim-configuration`, {});
      assert.equal(refusedDb.status, 400);
      assert.equal(refusedDb.body.errorCode, 'operation_not_supported');
    });
  });
}
