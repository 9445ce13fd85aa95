// `q` on GET /organizations: Gatehouse's search (the console's search box), on every dialect.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';

type Org = { id: string; name: string };
const names = (list: Org[]) => list.map((o) => o.name).sort();

for (const dialect of DIALECTS) {
  describe(`organizations search [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect);
      for (const [name, display_name] of [
        ['search-acme', 'Acme Corporation'],
        ['search-acme-labs', 'Acme Labs'],
        ['search-globex', 'Globex'],
        ['search-initech', 'ACME subsidiary'],
        ['search-pct', '100% Pure'],
        ['search-under', 'x_y'],
        ['search-plain', 'xzy'],
        ['search-etoile', 'Étoile Systèmes'],
      ])
        assert.equal((await server.api('POST', '/organizations', { name, display_name })).status, 201);
    });
    after(async () => {
      await server.close();
    });

    it('matches a prefix of the name', async () => {
      const res = await server.api('GET', '/organizations?q=search-acme');
      assert.equal(res.status, 200);
      assert.deepEqual(names(res.body), ['search-acme', 'search-acme-labs']);
    });

    it('matches a prefix of the display name, ignoring case', async () => {
      const res = await server.api('GET', '/organizations?q=aCmE');
      assert.deepEqual(names(res.body), ['search-acme', 'search-acme-labs', 'search-initech']);
    });

    it('ignores the case of letters beyond ASCII, on every dialect', async () => {
      for (const q of ['é', 'É', 'étoile', 'ÉTOILE']) {
        assert.deepEqual(names((await server.api('GET', `/organizations?q=${encodeURIComponent(q)}`)).body), ['search-etoile'], q);
      }
    });

    it('does not match text in the middle of a name or display name', async () => {
      const res = await server.api('GET', '/organizations?q=corporation');
      assert.deepEqual(res.body, []);
    });

    it('treats LIKE wildcards in q as plain characters', async () => {
      assert.deepEqual(names((await server.api('GET', '/organizations?q=100%25')).body), ['search-pct']);
      assert.deepEqual(names((await server.api('GET', '/organizations?q=x_')).body), ['search-under']);
      assert.deepEqual((await server.api('GET', '/organizations?q=%25')).body, []);
    });

    it('filters checkpoint pages (from/take) and walks them to the end', async () => {
      const seen: string[] = [];
      let from: string | undefined;
      do {
        const page = await server.api('GET', `/organizations?q=search-&take=2${from ? `&from=${from}` : ''}`);
        assert.equal(page.status, 200);
        assert.ok(page.body.organizations.length <= 2);
        seen.push(...page.body.organizations.map((o: Org) => o.name));
        from = page.body.next;
      } while (from);
      assert.equal(seen.length, 8);
      assert.equal(new Set(seen).size, 8);
    });

    it('counts only the matches in offset paging with include_totals', async () => {
      const res = await server.api('GET', '/organizations?q=ACME&page=0&per_page=2&include_totals=true');
      assert.equal(res.status, 200);
      assert.equal(res.body.total, 3);
      assert.equal(res.body.organizations.length, 2);
    });

    it('rejects a q over 100 characters as invalid_query_string', async () => {
      const res = await server.api('GET', `/organizations?q=${'a'.repeat(101)}`);
      assert.equal(res.status, 400);
      assert.equal(res.body.errorCode, 'invalid_query_string');
      assert.match(res.body.message, /on property q\.$/);
    });

    it('documents q in the OpenAPI description', async () => {
      const res = await server.api('GET', '/openapi.json');
      const doc = res.status === 200 ? res.body : undefined;
      assert.ok(doc, 'the OpenAPI document is served');
      const parameters = doc.paths['/organizations'].get.parameters as { name: string; in: string }[];
      assert.ok(parameters.some((p) => p.name === 'q' && p.in === 'query'));
    });
  });
}
