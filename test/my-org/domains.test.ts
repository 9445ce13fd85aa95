// The My Organization API's /domains: an organization admin adds a domain, publishes its TXT record on
// a real DNS server on loopback, and verifies it; never by their word alone, never another's domain.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startDnsServer, type TestDnsServer } from '../helpers/dns-server.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { only, recording } from '../events/events.fixtures.js';
import { assertProblem, myOrg, myOrgApp, myOrgRole, organizationWith, tokenFor } from './my-org.fixtures.js';

const DOMAIN_SCOPES = ['read:my_org:domains', 'create:my_org:domains', 'update:my_org:domains', 'delete:my_org:domains'];

for (const dialect of DIALECTS) {
  describe(`My Organization API /domains [${dialect}]`, () => {
    let server: TestServer;
    let dns: TestDnsServer;
    let a: Awaited<ReturnType<typeof organizationWith>>;
    let b: Awaited<ReturnType<typeof organizationWith>>;
    let tokenA: string;
    let tokenB: string;
    let readerToken: string;

    before(async () => {
      dns = await startDnsServer();
      server = await startServer(dialect, { env: { GATEHOUSE_DNS_SERVERS: dns.address } });
      const admin = await myOrgRole(server, 'dom-admin', DOMAIN_SCOPES);
      const reader = await myOrgRole(server, 'dom-reader', ['read:my_org:domains']);
      a = await organizationWith(server, 'dom-a', { admin: [admin.id], reader: [reader.id] });
      b = await organizationWith(server, 'dom-b', { admin: [admin.id] });
      const app = await myOrgApp(server);
      tokenA = await tokenFor(server, app, a.org.id, 'admin@dom-a.example');
      tokenB = await tokenFor(server, app, b.org.id, 'admin@dom-b.example');
      readerToken = await tokenFor(server, app, a.org.id, 'reader@dom-a.example');
    });
    after(async () => {
      await server.close();
      await dns.close();
    });

    it('adds a domain pending with its TXT record, and verifies it by DNS, recorded with the person', async () => {
      const created = await myOrg(server, tokenA, 'POST', '/domains', { domain: 'Acme-Widgets.example' });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const domain = created.body;
      assert.deepEqual(Object.keys(domain).sort(), ['domain', 'id', 'org_id', 'status', 'verification_host', 'verification_txt']);
      assert.deepEqual([domain.org_id, domain.domain, domain.status], [a.org.id, 'acme-widgets.example', 'pending']);

      // Not published yet: the check fails, and says so.
      const early = await myOrg(server, tokenA, 'POST', `/domains/${domain.id}/verify`);
      assert.equal(early.status, 200, JSON.stringify(early.body));
      assert.equal(early.body.status, 'failed');

      dns.txt.set(domain.verification_host, [domain.verification_txt]);
      const { result: verified, events } = await recording(server, () => myOrg(server, tokenA, 'POST', `/domains/${domain.id}/verify`));
      assert.equal(verified.status, 200, JSON.stringify(verified.body));
      assert.equal(verified.body.status, 'verified');
      assert.ok(dns.queries.includes(domain.verification_host));
      const event = only(events, 'organization_domain_verified');
      assert.equal(event.actor_id, a.users.admin.user_id);
      assert.equal(event.organization_id, a.org.id);
      assert.equal(event.parsed.actor.api, 'my_org');

      const list = await myOrg(server, tokenA, 'GET', '/domains?take=10');
      assert.equal(list.status, 200);
      assert.deepEqual(
        list.body.organization_domains.map((d: { domain: string; status: string }) => [d.domain, d.status]),
        [['acme-widgets.example', 'verified']],
      );
      assert.equal((await myOrg(server, tokenA, 'GET', `/domains/${domain.id}`)).body.status, 'verified');
    });

    it('refuses a domain verified by another organization, and a public email domain', async () => {
      // Another organization may add it, pending; it can never prove it while A holds it verified.
      const claimed = await myOrg(server, tokenB, 'POST', '/domains', { domain: 'acme-widgets.example' });
      assert.equal(claimed.status, 201, JSON.stringify(claimed.body));
      dns.txt.set(claimed.body.verification_host, [...dns.txt.get(claimed.body.verification_host)!, claimed.body.verification_txt]);
      assertProblem(await myOrg(server, tokenB, 'POST', `/domains/${claimed.body.id}/verify`), 409, 'domain_conflict');
      const refused = await myOrg(server, tokenA, 'POST', '/domains', { domain: 'gmail.com' });
      assert.equal(refused.status, 400, JSON.stringify(refused.body));
    });

    it("never shows or changes another organization's domain, even by its id", async () => {
      const mine = (await myOrg(server, tokenA, 'GET', '/domains')).body.organization_domains[0];
      assertProblem(await myOrg(server, tokenB, 'GET', `/domains/${mine.id}`), 404, 'inexistent_domain');
      assertProblem(await myOrg(server, tokenB, 'POST', `/domains/${mine.id}/verify`), 404, 'inexistent_domain');
      assertProblem(await myOrg(server, tokenB, 'DELETE', `/domains/${mine.id}`), 404, 'inexistent_domain');
      assert.equal((await myOrg(server, tokenA, 'GET', `/domains/${mine.id}`)).status, 200, 'still there');
    });

    it('needs the scope of each operation', async () => {
      assert.equal((await myOrg(server, readerToken, 'GET', '/domains')).status, 200);
      assertProblem(await myOrg(server, readerToken, 'POST', '/domains', { domain: 'reader.example' }), 403, 'insufficient_scope');
      const mine = (await myOrg(server, readerToken, 'GET', '/domains')).body.organization_domains[0];
      assertProblem(await myOrg(server, readerToken, 'DELETE', `/domains/${mine.id}`), 403, 'insufficient_scope');
    });

    it('removes a domain with 204', async () => {
      const created = await myOrg(server, tokenA, 'POST', '/domains', { domain: 'old-brand.example' });
      assert.equal(created.status, 201);
      const removed = await myOrg(server, tokenA, 'DELETE', `/domains/${created.body.id}`);
      assert.equal(removed.status, 204);
      assertProblem(await myOrg(server, tokenA, 'GET', `/domains/${created.body.id}`), 404, 'inexistent_domain');
    });
  });
}
