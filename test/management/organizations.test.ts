import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';

for (const dialect of DIALECTS) {
  describe(`organizations API [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect);
    });
    after(async () => {
      await server.close();
    });

    it('creates an organization with an org_ id and returns 201', async () => {
      const res = await server.api('POST', '/organizations', {
        name: 'acme',
        display_name: 'Acme Inc.',
        branding: { logo_url: 'https://acme.example/logo.png', colors: { primary: '#112233', page_background: '#ffffff' } },
        metadata: { tier: 'gold' },
        allowed_domains: ['Acme.com'],
        is_auto_join_domain_list: true,
      });
      assert.equal(res.status, 201);
      assert.match(res.body.id, /^org_[A-Za-z0-9]{16}$/);
      assert.equal(res.body.name, 'acme');
      assert.deepEqual(res.body.branding.colors, { primary: '#112233', page_background: '#ffffff' });
      assert.deepEqual(res.body.allowed_domains, ['acme.com']);
      assert.equal(res.body.is_auto_join_domain_list, true);
      assert.equal(res.body.is_auto_membership_enabled, false);
    });

    it('rejects an unknown field with 400 invalid_body naming it', async () => {
      const res = await server.api('POST', '/organizations', { name: 'unknown-field', foo: 1 });
      assert.equal(res.status, 400);
      assert.equal(res.body.errorCode, 'invalid_body');
      assert.equal(res.body.message, "Payload validation error: 'Additional properties not allowed: foo' on property foo.");
    });

    it('rejects a wrong type', async () => {
      const res = await server.api('POST', '/organizations', { name: 42 });
      assert.equal(res.status, 400);
      assert.equal(res.body.message, "Payload validation error: 'Expected type string but found type integer' on property name.");
    });

    it('rejects a name over 50 characters and with uppercase letters', async () => {
      const long = await server.api('POST', '/organizations', { name: 'a'.repeat(51) });
      assert.equal(long.status, 400);
      assert.equal(long.body.message, "Payload validation error: 'String is too long (51 chars), maximum 50' on property name.");
      const upper = await server.api('POST', '/organizations', { name: 'Acme' });
      assert.equal(upper.status, 400);
      assert.match(upper.body.message, /on property name\.$/);
    });

    it('rejects a display_name over 255 characters', async () => {
      const res = await server.api('POST', '/organizations', { name: 'long-display', display_name: 'x'.repeat(256) });
      assert.equal(res.status, 400);
      assert.equal(res.body.message, "Payload validation error: 'String is too long (256 chars), maximum 255' on property display_name.");
    });

    it('rejects more than 25 metadata keys and stores nothing', async () => {
      const metadata = Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`k${i}`, 'v']));
      const res = await server.api('POST', '/organizations', { name: 'too-much-metadata', metadata });
      assert.equal(res.status, 400);
      assert.equal(res.body.errorCode, 'invalid_body');
      assert.equal(res.body.message, "Payload validation error: 'Too many properties (26), maximum 25' on property metadata.");
      const lookup = await server.api('GET', '/organizations/name/too-much-metadata');
      assert.equal(lookup.status, 404);
    });

    it('returns 409 organization_conflict for a duplicate name and keeps the original', async () => {
      const first = await server.api('POST', '/organizations', { name: 'dupe', display_name: 'Original' });
      assert.equal(first.status, 201);
      const second = await server.api('POST', '/organizations', { name: 'dupe', display_name: 'Copy' });
      assert.equal(second.status, 409);
      assert.equal(second.body.errorCode, 'organization_conflict');
      const stored = await server.api('GET', `/organizations/${first.body.id}`);
      assert.equal(stored.body.display_name, 'Original');
    });

    it('gets by id and by name, and 404s inexistent_organization for an unknown id', async () => {
      const created = await server.api('POST', '/organizations', { name: 'lookup' });
      assert.equal((await server.api('GET', `/organizations/${created.body.id}`)).body.name, 'lookup');
      assert.equal((await server.api('GET', '/organizations/name/lookup')).body.id, created.body.id);
      const missing = await server.api('GET', '/organizations/org_0000000000000000');
      assert.equal(missing.status, 404);
      assert.equal(missing.body.errorCode, 'inexistent_organization');
    });

    it('updates metadata by merging and removing null keys', async () => {
      const created = await server.api('POST', '/organizations', { name: 'patchme', metadata: { a: '1', b: '2' } });
      const res = await server.api('PATCH', `/organizations/${created.body.id}`, {
        display_name: 'Patched',
        metadata: { a: null, c: '3' },
      });
      assert.equal(res.status, 200);
      assert.equal(res.body.display_name, 'Patched');
      assert.deepEqual(res.body.metadata, { b: '2', c: '3' });
    });

    it('refuses a rename onto an existing name and leaves both unchanged', async () => {
      const a = await server.api('POST', '/organizations', { name: 'rename-a' });
      await server.api('POST', '/organizations', { name: 'rename-b' });
      const res = await server.api('PATCH', `/organizations/${a.body.id}`, { name: 'rename-b', display_name: 'Changed' });
      assert.equal(res.status, 409);
      const stored = await server.api('GET', `/organizations/${a.body.id}`);
      assert.equal(stored.body.name, 'rename-a');
      assert.equal(stored.body.display_name, undefined);
    });

    it('deletes with 204, then 404s', async () => {
      const created = await server.api('POST', '/organizations', { name: 'deleteme' });
      assert.equal((await server.api('DELETE', `/organizations/${created.body.id}`)).status, 204);
      assert.equal((await server.api('GET', `/organizations/${created.body.id}`)).status, 404);
    });

    it('pages with page/per_page/include_totals and with checkpoint from/take', async () => {
      for (let i = 0; i < 5; i += 1) await server.api('POST', '/organizations', { name: `paged-${i}` });
      const totals = await server.api('GET', '/organizations?page=0&per_page=2&include_totals=true');
      assert.equal(totals.status, 200);
      assert.equal(totals.body.organizations.length, 2);
      assert.equal(totals.body.limit, 2);
      assert.equal(totals.body.start, 0);
      assert.ok(totals.body.total >= 5);
      const plain = await server.api('GET', '/organizations?per_page=3');
      assert.ok(Array.isArray(plain.body));
      assert.equal(plain.body.length, 3);

      const seen: string[] = [];
      let from: string | undefined;
      do {
        const page = await server.api('GET', `/organizations?take=2${from ? `&from=${from}` : ''}`);
        assert.equal(page.status, 200);
        seen.push(...page.body.organizations.map((o: { id: string }) => o.id));
        from = page.body.next;
      } while (from);
      assert.equal(new Set(seen).size, seen.length);
      assert.equal(seen.length, totals.body.total);
    });

    it('rejects per_page over 100 as invalid_query_string', async () => {
      const res = await server.api('GET', '/organizations?per_page=101');
      assert.equal(res.status, 400);
      assert.equal(res.body.errorCode, 'invalid_query_string');
    });
  });
}
