import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ManagementClient } from 'auth0';
import { DIALECTS } from '../helpers/dialects.js';
import type { TestServer } from '../helpers/start-server.js';
import { startWithSdk } from '../helpers/management-sdk.js';
import { up as connectionClientsMigration } from '../../src/db/migrations/2026-12-01-106-connection-clients.js';

// Auth0's `enabled_clients` on connections and `/connections/{id}/clients`, through the wire and the official SDK.
for (const dialect of DIALECTS) {
  describe(`connections enabled per application [${dialect}]`, () => {
    let server: TestServer;
    let management: ManagementClient;
    before(async () => {
      ({ server, management } = await startWithSdk(dialect));
    });
    after(async () => {
      await server.close();
    });

    const app = async (name: string): Promise<string> => {
      const res = await server.api('POST', '/clients', { name, app_type: 'regular_web', callbacks: ['https://app.example.com/callback'] });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.client_id;
    };

    it('enables a connection created without enabled_clients for every application, and a new application on every connection', async () => {
      const before = await app('before-connection');
      const connection = (await server.api('POST', '/connections', { name: 'everyone-db', strategy: 'auth0' })).body;
      assert.ok(connection.enabled_clients.includes(before));
      assert.ok(connection.enabled_clients.includes(server.bootstrap.clientId));
      const afterwards = await app('after-connection');
      const read = await server.api('GET', `/connections/${connection.id}`);
      assert.ok(read.body.enabled_clients.includes(afterwards), 'a new application is enabled on existing connections');
    });

    it('keeps exactly the enabled_clients given on creation and on update', async () => {
      const [one, two] = [await app('only-one'), await app('only-two')];
      const created = await server.api('POST', '/connections', { name: 'chosen-db', strategy: 'auth0', enabled_clients: [one] });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.deepEqual(created.body.enabled_clients, [one]);
      const patched = await server.api('PATCH', `/connections/${created.body.id}`, { enabled_clients: [two] });
      assert.equal(patched.status, 200);
      assert.deepEqual(patched.body.enabled_clients, [two]);
      const listed = await server.api('GET', '/connections?name=chosen-db');
      assert.deepEqual(listed.body[0].enabled_clients, [two]);
    });

    it('refuses an enabled_clients entry that names no application, writing nothing', async () => {
      const res = await server.api('POST', '/connections', {
        name: 'unknown-client-db',
        strategy: 'auth0',
        enabled_clients: ['no-such-client'],
      });
      assert.equal(res.status, 400);
      assert.equal(res.body.errorCode, 'invalid_body');
      assert.equal(res.body.message, "Payload validation error: 'No client found by that id: no-such-client' on property enabled_clients.");
      assert.equal((await server.api('GET', '/connections?name=unknown-client-db')).body.length, 0);
    });

    it("pages and changes the enabled clients with the SDK's connections.clients", async () => {
      const [one, two, three] = [await app('sdk-one'), await app('sdk-two'), await app('sdk-three')];
      const connection = await management.connections.create({
        name: 'sdk-clients-db',
        strategy: 'auth0',
        enabled_clients: [one, two, three],
      } as never);
      const seen: string[] = [];
      for await (const client of await management.connections.clients.get(connection.id!, { take: 2 })) seen.push(client.client_id);
      assert.deepEqual(seen, [one, two, three].sort());
      const first = await server.api('GET', `/connections/${connection.id}/clients?take=2`);
      assert.equal(first.body.clients.length, 2);
      assert.equal(typeof first.body.next, 'string');
      const rest = await server.api('GET', `/connections/${connection.id}/clients?take=2&from=${first.body.next}`);
      assert.equal(rest.body.clients.length, 1);
      assert.equal(rest.body.next, undefined);

      await management.connections.clients.update(connection.id!, [
        { client_id: two, status: false },
        { client_id: server.bootstrap.clientId, status: true },
      ]);
      const read = await management.connections.get(connection.id!);
      assert.deepEqual(read.enabled_clients, [one, three, server.bootstrap.clientId].sort());
    });

    it('answers 204 to PATCH /connections/{id}/clients and 400 past 50 changes', async () => {
      const one = await app('patch-one');
      const connection = (await server.api('POST', '/connections', { name: 'patch-clients-db', strategy: 'auth0', enabled_clients: [] }))
        .body;
      const ok = await server.api('PATCH', `/connections/${connection.id}/clients`, [{ client_id: one, status: true }]);
      assert.equal(ok.status, 204);
      assert.deepEqual((await server.api('GET', `/connections/${connection.id}/clients`)).body, { clients: [{ client_id: one }] });
      const tooMany = Array.from({ length: 51 }, () => ({ client_id: one, status: true }));
      const refused = await server.api('PATCH', `/connections/${connection.id}/clients`, tooMany);
      assert.equal(refused.status, 400);
      assert.equal(refused.body.errorCode, 'invalid_body');
      const unknown = await server.api('PATCH', `/connections/${connection.id}/clients`, [{ client_id: 'no-such-client', status: true }]);
      assert.equal(unknown.status, 400);
      assert.equal(unknown.body.message, "Payload validation error: 'No client found by that id: no-such-client' on property client_id.");
    });

    it('answers 404 inexistent_connection for an unknown connection', async () => {
      const res = await server.api('GET', '/connections/con_doesnotexist/clients');
      assert.equal(res.status, 404);
      assert.equal(res.body.errorCode, 'inexistent_connection');
      const patch = await server.api('PATCH', '/connections/con_doesnotexist/clients', [
        { client_id: server.bootstrap.clientId, status: true },
      ]);
      assert.equal(patch.status, 404);
    });

    it('drops a deleted application from enabled_clients', async () => {
      const gone = await app('deleted-app');
      const connection = (await server.api('POST', '/connections', { name: 'deleted-app-db', strategy: 'auth0', enabled_clients: [gone] }))
        .body;
      assert.equal((await server.api('DELETE', `/clients/${gone}`)).status, 204);
      assert.deepEqual((await server.api('GET', `/connections/${connection.id}`)).body.enabled_clients, []);
    });

    it('migrates existing data with every connection enabled for every application', async () => {
      const db = server.database.db.kysely;
      await db.schema.dropTable('connection_clients').execute();
      await connectionClientsMigration(db);
      const connections = await db.selectFrom('connections').select('id').execute();
      const clients = await db.selectFrom('clients').select('client_id').execute();
      const pairs = await db.selectFrom('connection_clients').select(['connection_id', 'client_id']).execute();
      assert.ok(connections.length > 3 && clients.length > 3);
      assert.equal(pairs.length, connections.length * clients.length);
    });
  });
}
