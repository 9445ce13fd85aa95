// The console's Log streams screen: creating an http stream and a webhook stream (its signing secret
// shown once, and it really signs the deliveries), field errors from the API, the delivery status of
// a failing stream until it is suspended, pause and resume, and deleting behind a confirmation.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SYSTEM_ACTOR } from '../../src/domain/events/actor.js';
import { type Receiver, STREAM_ENV, startReceiver, until, verifiedWebhook } from '../log-streams/receiver.fixtures.js';
import { checkScreen, PHONE, skipReason, startConsole, type ConsoleHarness } from './console.fixtures.js';

describe('admin console log streams in Chromium [sqlite]', { skip: skipReason() }, () => {
  let harness: ConsoleHarness;
  let receiver: Receiver;
  before(async () => {
    receiver = await startReceiver();
    harness = await startConsole(STREAM_ENV);
  });
  after(async () => {
    await harness?.close();
    await receiver?.close();
  });

  const streams = async () => (await harness.server.api('GET', '/log-streams')).body as { id: string; name: string; [key: string]: any }[];
  const run = () => harness.server.app.services.logStreams.dispatcher.run();

  it('creates an http stream with a format, an Authorization header and filters', async () => {
    await harness.withConsole('/console/log-streams', async (page) => {
      await page.getByRole('heading', { level: 1, name: 'Log streams' }).waitFor();
      await page.getByText('No log streams yet.').waitFor();
      await page.getByRole('link', { name: 'Create log stream' }).click();
      await page.getByLabel('Name').fill('SIEM');
      await page.getByLabel('Endpoint URL').fill(receiver.url);
      await page.getByLabel('Content format').selectOption('JSONARRAY');
      await page.getByLabel('Authorization header').fill('Bearer console-siem-token');
      await page.getByLabel('auth.login.fail').check();
      await page.getByLabel('management.success').check();
      await checkScreen(page, 'log-streams-create');
      await page.getByRole('button', { name: 'Create log stream' }).click();
      await page.getByRole('heading', { level: 1, name: 'SIEM' }).waitFor();
      await page.getByText('Up to date').waitFor();
      assert.equal(await page.getByText('console-siem-token').count(), 0);
      await checkScreen(page, 'log-streams-detail');

      const [stream] = (await streams()).filter((s) => s.name === 'SIEM');
      assert.match(page.url(), new RegExp(`/console/log-streams/${stream.id}$`));
      assert.deepEqual(stream.sink, { httpEndpoint: receiver.url, httpContentType: 'application/json', httpContentFormat: 'JSONARRAY' });
      assert.deepEqual(stream.filters, [
        { type: 'category', name: 'auth.login.fail' },
        { type: 'category', name: 'management.success' },
      ]);
      const row = await harness.server.database.db.kysely
        .selectFrom('log_streams')
        .selectAll()
        .where('id', '=', stream.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.http_authorization, 'Bearer console-siem-token');

      await page.getByRole('link', { name: 'Log streams', exact: true }).first().click();
      const listed = page.getByRole('row', { name: /SIEM/ });
      await listed.getByText('Custom webhook').waitFor();
      await listed.getByText('Active').waitFor();
      await checkScreen(page, 'log-streams-list');
    });
  });

  it('shows the field the API refuses beside it', async () => {
    await harness.withConsole('/console/log-streams/new', async (page) => {
      await page.getByLabel('Endpoint URL').fill('ftp://logs.example.com/in');
      await page.getByRole('button', { name: 'Create log stream' }).click();
      const field = page.getByLabel('Endpoint URL');
      await page.locator('.field-error').waitFor();
      assert.equal(await field.getAttribute('aria-invalid'), 'true');
      assert.match((await page.locator('.field-error').textContent()) ?? '', /The endpoint must be an http\(s\) URL/);
    });
  });

  it('shows a webhook stream signing secret once, and that secret verifies its deliveries', async () => {
    await harness.withConsole('/console/log-streams/new', async (page) => {
      await page.getByLabel('Name').fill('Signed hooks');
      await page.getByLabel('Type', { exact: true }).selectOption('webhook');
      await page.getByLabel('Endpoint URL').fill(receiver.url);
      assert.equal(await page.getByLabel('Authorization header').count(), 0, 'webhook streams are signed instead');
      await page.getByRole('button', { name: 'Create log stream' }).click();
      await page.getByRole('heading', { level: 1, name: 'Signed hooks' }).waitFor();
      const secret = (await page.locator('code.webhook-secret').textContent()) ?? '';
      assert.match(secret, /^whsec_[A-Za-z0-9+/]+=*$/);
      await checkScreen(page, 'log-streams-webhook-secret');

      const before = receiver.requests.length;
      await harness.server.app.services.events.record(harness.server.database.db.kysely, SYSTEM_ACTOR, {
        type: 's',
        description: 'console hook',
      });
      await run();
      const signed = receiver.requests.slice(before).filter((r) => r.headers['webhook-id']);
      assert.ok(signed.length > 0);
      assert.ok(signed.some((r) => verifiedWebhook(secret, r).data.description === 'console hook'));

      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Signed hooks' }).waitFor();
      await page.getByText('The signing secret is not shown again').waitFor();
      assert.equal(await page.locator('code.webhook-secret').count(), 0);
    });
  });

  it('shows a failing stream retrying, then suspended with its last error, and resumes it', async () => {
    const closed = await startReceiver();
    await closed.close();
    const created = await harness.server.api('POST', '/log-streams', {
      name: 'Broken sink',
      type: 'http',
      sink: { httpEndpoint: closed.url },
    });
    await harness.server.app.services.events.record(harness.server.database.db.kysely, SYSTEM_ACTOR, { type: 's' });
    await run();
    await harness.withConsole('/console/log-streams', async (page) => {
      const row = page.getByRole('row', { name: /Broken sink/ });
      await row.getByText('Retrying', { exact: true }).waitFor();
      await row.getByText('Retrying after 1 failed attempt: request failed: ECONNREFUSED').waitFor();

      // STREAM_ENV: suspended after 3 consecutive failures, retried within 80 ms.
      await until(
        async () => {
          await run();
          return (await harness.server.api('GET', `/log-streams/${created.body.id}`)).body.status;
        },
        (status) => status === 'suspended',
        10_000,
        'the stream suspended',
      );
      await page.reload();
      await row.getByText('Suspended', { exact: true }).waitFor();
      await row.getByText('Suspended after 3 failed attempts: request failed: ECONNREFUSED').waitFor();
      await checkScreen(page, 'log-streams-suspended');

      await row.getByRole('link', { name: 'Broken sink' }).click();
      await page.getByRole('heading', { level: 1, name: 'Broken sink' }).waitFor();
      assert.equal(await page.locator('.last-error').textContent(), 'request failed: ECONNREFUSED');
      await page.getByRole('button', { name: 'Resume' }).click();
      await page.getByText('Log stream resumed.').waitFor();
      await page.getByRole('button', { name: 'Pause' }).waitFor();
      const resumed = (await harness.server.api('GET', `/log-streams/${created.body.id}`)).body;
      assert.equal(resumed.status, 'active');
      assert.equal(resumed.delivery.failures, 0);
    });
  });

  it('pauses a stream, edits its endpoint, and deletes it after confirming', async () => {
    const created = await harness.server.api('POST', '/log-streams', {
      name: 'Short-lived',
      type: 'http',
      sink: { httpEndpoint: receiver.url },
    });
    await harness.withConsole(`/console/log-streams/${created.body.id}`, async (page) => {
      await page.getByRole('button', { name: 'Pause' }).click();
      await page.getByText('Log stream paused.').waitFor();
      await page
        .getByText('Paused, up to date')
        .or(page.getByText(/^Paused with/))
        .first()
        .waitFor();
      assert.equal((await harness.server.api('GET', `/log-streams/${created.body.id}`)).body.status, 'paused');

      await page.getByLabel('Endpoint URL').fill(`${receiver.url}/v2`);
      await page.getByRole('button', { name: 'Save log stream' }).click();
      await page.getByText('Log stream saved.').waitFor();
      assert.equal((await harness.server.api('GET', `/log-streams/${created.body.id}`)).body.sink.httpEndpoint, `${receiver.url}/v2`);

      await page.getByRole('button', { name: 'Delete log stream' }).click();
      await page.getByRole('dialog', { name: 'Delete log stream Short-lived?' }).waitFor();
      await checkScreen(page, 'log-streams-delete-confirm');
      await page.getByRole('dialog').getByRole('button', { name: 'Delete log stream' }).click();
      await page.getByRole('heading', { level: 1, name: 'Log streams' }).waitFor();
      assert.equal((await harness.server.api('GET', `/log-streams/${created.body.id}`)).status, 404);
    });
  });

  it('lays the list out at phone width', async () => {
    await harness.withConsole(
      '/console/log-streams',
      async (page) => {
        await page.getByRole('heading', { level: 1, name: 'Log streams' }).waitFor();
        await checkScreen(page, 'log-streams-list-phone');
      },
      PHONE,
    );
  });
});
