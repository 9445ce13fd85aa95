import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ManagementClient } from 'auth0';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { hashVectors } from '../users/hash-vectors.js';
import { CALLBACK, authorize, createAgent, registerApp, signInWithPassword } from '../login/login.fixtures.js';

const TLS = { certPath: path.resolve('test/fixtures/tls/cert.pem'), keyPath: path.resolve('test/fixtures/tls/key.pem') };
const PASSWORD = 'Round-Trip-Password-4';
const FIELDS = ['user_id', 'email', 'email_verified', 'name', 'user_metadata', 'custom_password_hash'].map((name) => ({ name }));

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function client(server: TestServer) {
  return new ManagementClient({
    domain: new URL(server.url).host,
    clientId: server.bootstrap.clientId,
    clientSecret: server.bootstrap.clientSecret,
    maxRetries: 0,
  });
}

async function finished(management: ManagementClient, id: string) {
  return until(`job ${id}`, async () => {
    const job = await management.jobs.get(id);
    return job.status === 'completed' || job.status === 'failed' ? job : undefined;
  });
}

for (const dialect of DIALECTS) {
  describe(`users export jobs [${dialect}]`, () => {
    let source: TestServer;
    let target: TestServer;
    before(async () => {
      source = await startServer(dialect, { tls: TLS, env: { GATEHOUSE_EXPORT_PASSWORD_HASHES: 'true' } });
      target = await startServer(dialect, { tls: TLS });
    });
    after(async () => {
      await source.close();
      await target.close();
    });

    it('round trip: export with hashes, import into a fresh Gatehouse, every user signs in there', async () => {
      const from = client(source);
      const connection = await from.connections.create({ name: 'moving-db', strategy: 'auth0' });
      const vectors = await hashVectors(PASSWORD);
      const names = ['bcrypt', 'argon2i', 'pbkdf2-sha512', 'scrypt', 'sha1', 'hmac'];
      const imported = await from.jobs.usersImports.create({
        connection_id: connection.id!,
        users: Buffer.from(JSON.stringify(names.map((name) => ({ email: `${name}@moving.example`, name, ...vectors[name] })))),
      });
      assert.equal((await finished(from, imported.id)).summary?.inserted, names.length);
      // One user created with a plaintext password: its hash is Gatehouse's own argon2id.
      await from.users.create({ connection: 'moving-db', email: 'native@moving.example', password: PASSWORD, name: 'native' });

      const exported = await from.jobs.usersExports.create({ connection_id: connection.id!, format: 'json', fields: FIELDS });
      const done = await finished(from, exported.id);
      assert.equal(done.status, 'completed');
      assert.equal(done.format, 'json');
      assert.ok(done.location, 'a download link');
      const res = await fetch(done.location);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /ndjson/);
      const rows = (await res.text())
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      assert.equal(rows.length, names.length + 1);
      assert.ok(
        rows.every((r) => r.custom_password_hash),
        'every user carries its hash',
      );

      // A changed signature, expiry or job id gets nothing.
      const link = new URL(done.location);
      for (const [key, value] of [
        ['signature', 'A'.repeat(43)],
        ['expires', String(Number(link.searchParams.get('expires')) + 1)],
      ]) {
        const forged = new URL(link);
        forged.searchParams.set(key, value);
        assert.equal((await fetch(forged)).status, 404, key);
      }
      const expired = new URL(link);
      expired.searchParams.set('expires', '1000');
      assert.equal((await fetch(expired)).status, 404);

      const to = client(target);
      const org = await to.organizations.create({ name: 'moved', display_name: 'Moved' });
      const targetConnection = await to.connections.create({ name: 'moved-db', strategy: 'auth0' });
      await to.organizations.enabledConnections.add(org.id!, { connection_id: targetConnection.id! });
      const file = rows.map((r) => ({ ...r, gatehouse_organizations: [org.id] }));
      const moved = await finished(
        to,
        (await to.jobs.usersImports.create({ connection_id: targetConnection.id!, users: Buffer.from(JSON.stringify(file)) })).id,
      );
      assert.deepEqual(moved.summary, { inserted: rows.length, updated: 0, failed: 0, total: rows.length });

      const { config } = await registerApp(target, { organization_usage: 'allow' });
      for (const row of rows) {
        const user = await to.users.get(row.user_id as string);
        assert.equal(user.email, row.email, 'the same user_id');
        const agent = createAgent();
        const flow = await authorize(config, agent, { organization: org.id! });
        const signedIn = await signInWithPassword(agent, flow.page, row.email as string, PASSWORD);
        assert.ok(signedIn.url.startsWith(CALLBACK), `${row.name}: signed in on the new Gatehouse (${signedIn.status})`);
      }
    });

    it('exports CSV without hashes by default, and refuses hashes where the server does not allow them', async () => {
      const from = client(source);
      const connection = await from.connections.create({ name: 'csv-db', strategy: 'auth0' });
      await from.users.create({ connection: 'csv-db', email: 'quote@csv.example', password: PASSWORD, name: 'Quote, "the" user' });
      const job = await finished(from, (await from.jobs.usersExports.create({ connection_id: connection.id!, format: 'csv' })).id);
      const text = await (await fetch(job.location!)).text();
      const [header, line] = text.trim().split('\n');
      assert.ok(header.startsWith('user_id,email,email_verified'));
      assert.ok(!header.includes('password'), 'no hash column');
      assert.ok(line.includes('"Quote, ""the"" user"'), 'CSV quoting');

      const limited = await finished(
        from,
        (await from.jobs.usersExports.create({ format: 'json', limit: 1, fields: [{ name: 'email', export_as: 'mail' }] })).id,
      );
      const only = (await (await fetch(limited.location!)).text()).trim().split('\n');
      assert.equal(only.length, 1);
      assert.deepEqual(Object.keys(JSON.parse(only[0])), ['mail']);

      const refused = await target.api('POST', '/jobs/users-exports', { fields: [{ name: 'custom_password_hash' }] });
      assert.equal(refused.status, 400);
      assert.match(refused.body.message, /fields\[0\]\.name/);
      const unknown = await source.api('POST', '/jobs/users-exports', { fields: [{ name: 'password' }] });
      assert.equal(unknown.status, 400);
    });
  });
}
