// The console's Import users screen in Chromium: a file with a bad row uploaded into a database
// connection, its progress followed to completed, the refused row named; then the job opened by
// its link (`?job=`, as the completion email has it). The result is read back through the API.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkScreen, skipReason, startConsole, type ConsoleHarness } from './console.fixtures.js';

describe('admin console users import in Chromium [sqlite]', { skip: skipReason() }, () => {
  let harness: ConsoleHarness;
  before(async () => {
    harness = await startConsole({ GATEHOUSE_IMPORT_POLL_MS: '200' });
  });
  after(async () => {
    await harness?.close();
  });

  it('uploads a users file, follows it to completed and names the refused row', async () => {
    const connection = await harness.server.api('POST', '/connections', { name: 'imported-db', strategy: 'auth0' });
    assert.equal(connection.status, 201);
    const rows = [
      { email: 'ada@import-console.example', name: 'Ada' },
      { email: 'not-an-email', name: 'Broken' },
      { email: 'bea@import-console.example', name: 'Bea' },
    ];
    await harness.withConsole('/console/users', async (page) => {
      await page.getByRole('link', { name: 'Import users' }).click();
      await page.getByRole('heading', { level: 1, name: 'Import users' }).waitFor();
      await page.getByLabel('Connection').selectOption({ label: 'imported-db' });
      await page
        .getByLabel('Users file')
        .setInputFiles({ name: 'users.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(rows)) });
      await page.getByLabel('External id').fill('console-migration');
      await checkScreen(page, 'users-import-form');
      await page.getByRole('button', { name: 'Start import' }).click();

      await page.waitForURL((url) => url.pathname === '/console/users/import' && url.searchParams.has('job'));
      const jobId = new URL(page.url()).searchParams.get('job')!;
      const status = page.getByRole('status').filter({ hasText: /Completed/ });
      await status.waitFor({ timeout: 60_000 });
      assert.match((await status.textContent()) ?? '', /2 inserted, 0 updated, 1 failed of 3/);
      assert.equal(await page.getByLabel('Progress').getAttribute('value'), '100');
      const refused = page.getByRole('row').filter({ hasText: 'not-an-email' });
      await refused.waitFor();
      assert.match((await refused.textContent()) ?? '', /email.*INVALID_FORMAT/);
      await checkScreen(page, 'users-import-completed');

      const job = await harness.server.api('GET', `/jobs/${jobId}`);
      assert.equal(job.body.connection_id, connection.body.id);
      assert.equal(job.body.external_id, 'console-migration');

      // The completion email's link opens the same job.
      await page.goto(`${harness.server.url}/console/users/import?job=${encodeURIComponent(jobId)}`);
      await page
        .getByRole('status')
        .filter({ hasText: /Completed/ })
        .waitFor();
      await page.getByRole('row').filter({ hasText: 'not-an-email' }).waitFor();
    });
    const users = await harness.server.database.db.kysely
      .selectFrom('users')
      .select('email')
      .where('email', 'like', '%@import-console.example')
      .orderBy('email')
      .execute();
    assert.deepEqual(
      users.map((u) => u.email),
      ['ada@import-console.example', 'bea@import-console.example'],
    );
  });
});
