import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ManagementClient, ManagementError } from 'auth0';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { startDnsServer, type TestDnsServer } from '../helpers/dns-server.js';

// The official SDK's organizations.discoveryDomains against Gatehouse on HTTPS; `verify` is
// Gatehouse's own route, driven by fetch, against a DNS server the test runs on loopback.
const TLS = { certPath: path.resolve('test/fixtures/tls/cert.pem'), keyPath: path.resolve('test/fixtures/tls/key.pem') };

async function collect<T>(page: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of page) out.push(item);
  return out;
}

for (const dialect of DIALECTS) {
  describe(`Management API: organization discovery domains [${dialect}]`, () => {
    let server: TestServer;
    let dns: TestDnsServer;
    let management: ManagementClient;
    let orgId: string;
    before(async () => {
      dns = await startDnsServer();
      server = await startServer(dialect, { tls: TLS, env: { GATEHOUSE_DNS_SERVERS: dns.address } });
      management = new ManagementClient({
        domain: new URL(server.url).host,
        clientId: server.bootstrap.clientId,
        clientSecret: server.bootstrap.clientSecret,
        maxRetries: 0,
      });
      orgId = (await management.organizations.create({ name: 'disco-acme' })).id!;
    });
    after(async () => {
      await server.close();
      await dns.close();
    });

    it('creates, reads, lists, verifies and deletes a domain through the SDK', async () => {
      const created = await management.organizations.discoveryDomains.create(orgId, { domain: 'Disco-Acme.com' });
      assert.equal(created.domain, 'disco-acme.com');
      assert.equal(created.status, 'pending');
      assert.equal(created.use_for_organization_discovery, true);
      assert.equal(created.verification_host, '_gatehouse-verification.disco-acme.com');
      assert.match(created.verification_txt, /^gatehouse-domain-verification=/);

      const byId = await management.organizations.discoveryDomains.get(orgId, created.id);
      assert.deepEqual(byId, created);
      const byName = await management.organizations.discoveryDomains.getByName(orgId, 'disco-acme.com');
      assert.equal(byName.id, created.id);

      const failed = await server.api('POST', `/organizations/${orgId}/discovery-domains/${created.id}/verify`);
      assert.equal(failed.status, 200);
      assert.equal(failed.body.status, 'failed');
      assert.equal(failed.body.last_error, 'No TXT record at _gatehouse-verification.disco-acme.com.');

      dns.txt.set(created.verification_host, [created.verification_txt]);
      const verified = await server.api('POST', `/organizations/${orgId}/discovery-domains/${created.id}/verify`);
      assert.equal(verified.body.status, 'verified');

      const patched = await management.organizations.discoveryDomains.update(orgId, created.id, { use_for_organization_discovery: false });
      assert.equal(patched.use_for_organization_discovery, false);
      assert.equal(patched.status, 'verified');

      await management.organizations.discoveryDomains.delete(orgId, created.id);
      await assert.rejects(management.organizations.discoveryDomains.get(orgId, created.id), (error: unknown) => {
        assert.ok(error instanceof ManagementError);
        assert.equal(error.statusCode, 404);
        return true;
      });
    });

    it('pages the list with from/take, as the SDK iterates it', async () => {
      const org = (await management.organizations.create({ name: 'disco-paged' })).id!;
      for (const name of ['a', 'b', 'c', 'd', 'e'])
        await management.organizations.discoveryDomains.create(org, { domain: `${name}.disco-paged.com` });
      const all = await collect(await management.organizations.discoveryDomains.list(org, { take: 2 }));
      assert.deepEqual(
        all.map((d) => d.domain).sort(),
        ['a', 'b', 'c', 'd', 'e'].map((n) => `${n}.disco-paged.com`),
      );
      const first = await server.api('GET', `/organizations/${org}/discovery-domains?take=2`);
      assert.equal(first.body.domains.length, 2);
      assert.ok(first.body.next);
    });

    it('lets the tenant administrator mark a domain verified, unless another organization verified it', async () => {
      const vouched = await management.organizations.discoveryDomains.create(orgId, { domain: 'vouched.com', status: 'verified' });
      assert.equal(vouched.status, 'verified');
      const other = (await management.organizations.create({ name: 'disco-other' })).id!;
      const res = await server.api('POST', `/organizations/${other}/discovery-domains`, { domain: 'vouched.com', status: 'verified' });
      assert.equal(res.status, 409);
      assert.equal(res.body.errorCode, 'domain_conflict');
      assert.equal(res.body.message, 'The domain vouched.com is verified by another organization.');
    });

    it('refuses a public email domain and a malformed one with 400 naming the property', async () => {
      const gmail = await server.api('POST', `/organizations/${orgId}/discovery-domains`, { domain: 'gmail.com' });
      assert.equal(gmail.status, 400);
      assert.equal(gmail.body.errorCode, 'invalid_body');
      assert.equal(
        gmail.body.message,
        "Payload validation error: 'Public email domains cannot be claimed by an organization' on property domain.",
      );
      const bad = await server.api('POST', `/organizations/${orgId}/discovery-domains`, { domain: 'not a domain' });
      assert.equal(bad.status, 400);
      assert.match(bad.body.message, /on property domain\.$/);
    });

    it("answers 404 for another organization's domain id and an unknown organization", async () => {
      const mine = await management.organizations.discoveryDomains.create(orgId, { domain: 'tenancy-disco.com' });
      const other = (await management.organizations.create({ name: 'disco-guess' })).id!;
      for (const [method, suffix] of [
        ['GET', ''],
        ['PATCH', ''],
        ['DELETE', ''],
        ['POST', '/verify'],
      ] as const) {
        const res = await server.api(
          method,
          `/organizations/${other}/discovery-domains/${mine.id}${suffix}`,
          method === 'PATCH' ? {} : undefined,
        );
        assert.equal(res.status, 404, `${method} ${suffix}`);
        assert.equal(res.body.errorCode, 'inexistent_domain');
      }
      const unknown = await server.api('GET', '/organizations/org_0000000000000000/discovery-domains');
      assert.equal(unknown.status, 404);
      assert.equal(unknown.body.errorCode, 'inexistent_organization');
    });

    it("requires Auth0's discovery domain scopes", async () => {
      const readOnly = await server.token(['read:organization_discovery_domains']);
      const list = await server.api('GET', `/organizations/${orgId}/discovery-domains`, undefined, readOnly);
      assert.equal(list.status, 200);
      const create = await server.api('POST', `/organizations/${orgId}/discovery-domains`, { domain: 'scoped.com' }, readOnly);
      assert.equal(create.status, 403);
      assert.equal(create.body.message, 'Insufficient scope; expected any of: create:organization_discovery_domains.');
      const verify = await server.api('POST', `/organizations/${orgId}/discovery-domains/ord_x/verify`, undefined, readOnly);
      assert.equal(verify.status, 403);
    });
  });
}
