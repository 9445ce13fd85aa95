import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { eventually } from '../helpers/eventually.js';
import { startMailbox } from '../helpers/mailbox.js';
import { startServer, type TestServer } from '../helpers/start-server.js';

const ADMIN = 'owner@tenant.example';

for (const dialect of DIALECTS) {
  describe(`send_completion_email tells the tenant's administrators [${dialect}]`, () => {
    let server: TestServer;
    let mailbox: Awaited<ReturnType<typeof startMailbox>>;
    before(async () => {
      mailbox = await startMailbox();
      server = await startServer(dialect, {
        env: { GATEHOUSE_SMTP_URL: mailbox.url, GATEHOUSE_ADMIN_EMAIL: ADMIN, GATEHOUSE_ADMIN_PASSWORD: 'Owner-Password-123' },
      });
    });
    after(async () => {
      await server.close();
      await mailbox.close();
    });

    async function startImport(connectionId: string, rows: unknown[], sendCompletionEmail: boolean) {
      const body = new FormData();
      body.append('users', new Blob([JSON.stringify(rows)], { type: 'application/json' }), 'users.json');
      body.append('connection_id', connectionId);
      body.append('send_completion_email', String(sendCompletionEmail));
      const res = await fetch(`${server.url}/api/v2/jobs/users-imports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await server.token()}` },
        body,
      });
      assert.equal(res.status, 201);
      return ((await res.json()) as { id: string }).id;
    }

    const finished = (id: string) =>
      eventually(
        async () => (await server.api('GET', `/jobs/${id}`)).body as { status: string },
        (job) => job.status === 'completed' || job.status === 'failed',
        60_000,
      );

    it('emails the summary when the job completes, and nothing when it was not asked', async () => {
      const connection = (await server.api('POST', '/connections', { name: 'emailed-db', strategy: 'auth0' })).body as { id: string };
      // Someone without the administrator role, who must not hear of it.
      await server.api('POST', '/users', { connection: 'emailed-db', email: 'member@tenant.example', password: 'Member-Password-1' });

      const quiet = await startImport(connection.id, [{ email: 'quiet@tenant.example' }], false);
      assert.equal((await finished(quiet)).status, 'completed');
      const id = await startImport(
        connection.id,
        [{ email: 'ann@tenant.example' }, { email: 'bob@tenant.example' }, { email: 'bad' }],
        true,
      );
      assert.equal((await finished(id)).status, 'completed');

      const mail = await mailbox.mailTo(ADMIN);
      assert.equal(mail.subject, 'Users import completed');
      assert.match(mail.text, new RegExp(`${id}.*emailed-db.*completed`, 's'));
      assert.match(mail.text, /3 rows: 2 inserted, 0 updated, 1 refused\./);
      assert.match(mail.text, new RegExp(`/console/users/import\\?job=${id}`));
      await server.app.services.email.idle();
      assert.deepEqual(
        mailbox.mails.map((m) => m.to),
        [ADMIN],
        'one email, to the administrator only (none for the job that did not ask)',
      );
    });

    it('emails the failure when the job fails', async () => {
      const connection = (await server.api('POST', '/connections', { name: 'vanishing-db', strategy: 'auth0' })).body as { id: string };
      await server.app.services.jobs.runner.stop();
      const id = await startImport(connection.id, [{ email: 'cat@tenant.example' }], true);
      assert.equal((await server.api('DELETE', `/connections/${connection.id}`)).status, 204);
      server.app.services.jobs.runner.start((error) => process.stderr.write(`users import runner: ${String(error)}\n`));
      assert.equal((await finished(id)).status, 'failed');
      const mail = await eventually(
        async () => mailbox.mails.find((m) => m.subject === 'Users import failed'),
        (m) => m !== undefined,
      );
      assert.ok(mail);
      assert.equal(mail.to.includes(ADMIN), true);
      assert.match(mail.text, /The connection was deleted/);
      assert.match(mail.text, /1 row: 0 inserted, 0 updated, 0 refused\./);
    });
  });
}
