// The official auth0 SDK's `management.logStreams`, unchanged, against Gatehouse on HTTPS (the test
// runner trusts the fixture certificate through NODE_EXTRA_CA_CERTS).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type ManagementClient, ManagementError } from 'auth0';
import { DIALECTS } from '../helpers/dialects.js';
import type { TestServer } from '../helpers/start-server.js';
import { startWithSdk } from '../helpers/management-sdk.js';

for (const dialect of DIALECTS) {
  describe(`auth0 SDK logStreams against Gatehouse [${dialect}]`, () => {
    let server: TestServer;
    let management: ManagementClient;
    before(async () => {
      ({ server, management } = await startWithSdk(dialect));
    });
    after(async () => {
      await server.close();
    });

    it('creates, lists, reads, updates and deletes an http stream', async () => {
      const created = await management.logStreams.create({
        name: 'sdk stream',
        type: 'http',
        filters: [{ type: 'category', name: 'auth.login.fail' }],
        sink: { httpEndpoint: 'https://siem.example.com/auth0', httpContentFormat: 'JSONARRAY', httpAuthorization: 'Bearer sdk-secret' },
      });
      assert.match(created.id!, /^lst_/);
      assert.equal(created.status, 'active');
      assert.equal(created.type, 'http');
      const listed = await management.logStreams.list();
      assert.ok(listed.some((s) => s.id === created.id));
      const read = (await management.logStreams.get(created.id!)) as { sink?: Record<string, unknown>; filters?: unknown };
      assert.deepEqual(read.sink, {
        httpEndpoint: 'https://siem.example.com/auth0',
        httpContentType: 'application/json',
        httpContentFormat: 'JSONARRAY',
      });
      assert.deepEqual(read.filters, [{ type: 'category', name: 'auth.login.fail' }]);
      const updated = await management.logStreams.update(created.id!, { status: 'paused', name: 'sdk stream (paused)' });
      assert.equal(updated.status, 'paused');
      assert.equal(updated.name, 'sdk stream (paused)');
      await management.logStreams.delete(created.id!);
      await assert.rejects(management.logStreams.get(created.id!), (error: unknown) => {
        assert.ok(error instanceof ManagementError);
        assert.equal(error.statusCode, 404);
        return true;
      });
    });

    it('reports a refused stream as a 400 the SDK surfaces', async () => {
      await assert.rejects(
        management.logStreams.create({ type: 'http', sink: { httpEndpoint: 'http://127.0.0.1/logs' } }),
        (error: unknown) => {
          assert.ok(error instanceof ManagementError);
          assert.equal(error.statusCode, 400);
          assert.match(JSON.stringify(error.body), /on property sink\.httpEndpoint/);
          return true;
        },
      );
    });
  });
}
