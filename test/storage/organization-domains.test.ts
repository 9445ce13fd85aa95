import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { startDnsServer, type TestDnsServer } from '../helpers/dns-server.js';
import { DomainError } from '../../src/domain/errors.js';
import type { Actor } from '../../src/domain/events/actor.js';

const ADMIN: Actor = { type: 'client', id: 'domains-test', api: 'management' };

/** Asserts the promise rejects with this DomainError code (and, given one, the field it names). */
async function refused(promise: Promise<unknown>, code: string, field?: string) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof DomainError, String(error));
    assert.equal(error.code, code);
    if (field) assert.equal(error.detail?.field, field);
    return true;
  });
}

for (const dialect of DIALECTS) {
  describe(`organization domains: DNS verification [${dialect}]`, () => {
    let server: TestServer;
    let dns: TestDnsServer;
    let acme: string;
    let rival: string;
    const domains = () => server.app.services.organizationDomains;
    before(async () => {
      dns = await startDnsServer();
      server = await startServer(dialect, { env: { GATEHOUSE_DNS_SERVERS: dns.address } });
      acme = (await server.app.services.organizations.create(ADMIN, { name: 'dns-acme' })).id;
      rival = (await server.app.services.organizations.create(ADMIN, { name: 'dns-rival' })).id;
    });
    after(async () => {
      await server.close();
      await dns.close();
    });

    it('adds a domain as pending with a TXT record to publish at _gatehouse-verification', async () => {
      const added = await domains().create(ADMIN, acme, { domain: 'Pending.Example.COM.' });
      assert.equal(added.domain, 'pending.example.com');
      assert.equal(added.status, 'pending');
      assert.equal(added.use_for_organization_discovery, true);
      assert.equal(added.verification_host, '_gatehouse-verification.pending.example.com');
      assert.match(added.verification_txt, /^gatehouse-domain-verification=[A-Za-z0-9]{32}$/);
      assert.match(added.id, /^ord_[A-Za-z0-9]{22}$/);
    });

    it('verifies a domain whose TXT record holds the value, recording the event in its transaction', async () => {
      const added = await domains().create(ADMIN, acme, { domain: 'verified-acme.com' });
      dns.txt.set(added.verification_host, ['some-other-record', added.verification_txt]);
      const verified = await domains().verify(ADMIN, acme, added.id);
      assert.equal(verified.status, 'verified');
      assert.ok(verified.verified_at && verified.last_checked_at);
      assert.equal(verified.last_error, undefined);
      assert.ok(dns.queries.includes('_gatehouse-verification.verified-acme.com'));
      const event = await server.database.db.kysely
        .selectFrom('events')
        .selectAll()
        .where('action', '=', 'organization_domain_verified')
        .where('organization_id', '=', acme)
        .executeTakeFirstOrThrow();
      assert.equal(event.type, 'sapi');
      assert.equal(event.actor_id, 'domains-test');
      assert.deepEqual(JSON.parse(event.details).domain, { id: added.id, domain: 'verified-acme.com' });
      assert.deepEqual(
        (await server.app.services.signIn.discoverOrganizations('Jane@Verified-Acme.com')).map((o) => o.id),
        [acme],
      );
    });

    it("accepts the proof at Auth0's host, _ss-verification.<organization id>.<domain>", async () => {
      const added = await domains().create(ADMIN, acme, { domain: 'auth0-host.com' });
      dns.txt.set(`_ss-verification.${acme.toLowerCase()}.auth0-host.com`, [added.verification_txt]);
      assert.equal((await domains().verify(ADMIN, acme, added.id)).status, 'verified');
    });

    it('moves a domain without its record to failed, keeping when and why', async () => {
      const added = await domains().create(ADMIN, acme, { domain: 'missing-record.com' });
      const failed = await domains().verify(ADMIN, acme, added.id);
      assert.equal(failed.status, 'failed');
      assert.equal(failed.last_error, 'No TXT record at _gatehouse-verification.missing-record.com.');
      assert.ok(failed.last_checked_at);
      dns.txt.set(added.verification_host, ['gatehouse-domain-verification=wrong']);
      const wrong = await domains().verify(ADMIN, acme, added.id);
      assert.equal(wrong.status, 'failed');
      assert.equal(wrong.last_error, 'The TXT records at _gatehouse-verification.missing-record.com do not hold the verification value.');
      dns.failing.add(added.verification_host);
      const broken = await domains().verify(ADMIN, acme, added.id);
      assert.equal(broken.last_error, 'The DNS lookup of _gatehouse-verification.missing-record.com failed (ESERVFAIL).');
      dns.failing.delete(added.verification_host);
      dns.txt.set(added.verification_host, [added.verification_txt]);
      assert.equal((await domains().verify(ADMIN, acme, added.id)).status, 'verified');
      const kinds = await server.database.db.kysely
        .selectFrom('events')
        .select('action')
        .where('action', 'like', 'organization_domain_%')
        .where('details', 'like', `%${added.id}%`)
        .orderBy('id')
        .execute();
      assert.deepEqual(
        kinds.map((k) => k.action),
        [
          'organization_domain_created',
          'organization_domain_check_failed',
          'organization_domain_check_failed',
          'organization_domain_check_failed',
          'organization_domain_verified',
        ],
      );
    });

    it('refuses to verify, add as verified or mark verified a domain verified by another organization', async () => {
      const mine = await domains().create(ADMIN, acme, { domain: 'claimed.com' });
      dns.txt.set(mine.verification_host, [mine.verification_txt]);
      await domains().verify(ADMIN, acme, mine.id);
      // Another organization may add it pending (it may be contested), never verify it.
      const theirs = await domains().create(ADMIN, rival, { domain: 'claimed.com' });
      dns.txt.set(theirs.verification_host, [theirs.verification_txt]);
      await refused(domains().verify(ADMIN, rival, theirs.id), 'domain_conflict');
      await refused(domains().update(ADMIN, rival, theirs.id, { status: 'verified' }), 'domain_conflict');
      await refused(domains().create(ADMIN, rival, { domain: 'claimed.com', status: 'verified' }), 'domain_conflict');
      assert.equal((await domains().get(rival, theirs.id)).status, 'pending');
      // Once the first organization lets go, the other may prove it.
      await domains().remove(ADMIN, acme, mine.id);
      assert.equal((await domains().verify(ADMIN, rival, theirs.id)).status, 'verified');
    });

    it('refuses public email domains and malformed names, naming the field', async () => {
      for (const publicDomain of ['gmail.com', 'Outlook.com', 'eu.yahoo.com']) {
        await refused(domains().create(ADMIN, acme, { domain: publicDomain }), 'invalid_body', 'domain');
      }
      for (const bad of ['localhost', 'exa mple.com', '-acme.com', 'acme.123', '', 'a'.repeat(64) + '.com']) {
        await refused(domains().create(ADMIN, acme, { domain: bad }), 'invalid_body', 'domain');
      }
    });

    it('stores an internationalized domain as ASCII', async () => {
      const added = await domains().create(ADMIN, acme, { domain: 'Bücher.example' });
      assert.equal(added.domain, 'xn--bcher-kva.example');
    });

    it('refuses the same domain twice in one organization, and an organization admin vouching for one', async () => {
      await domains().create(ADMIN, acme, { domain: 'twice.com' });
      await refused(domains().create(ADMIN, acme, { domain: 'TWICE.com' }), 'domain_conflict');
      const orgAdmin: Actor = { type: 'user', id: 'auth0|admin', organizationId: acme, api: 'my_org' };
      await refused(domains().create(orgAdmin, acme, { domain: 'vouched.com', status: 'verified' }), 'insufficient_scope');
    });

    it("never shows or changes one organization's domain through another", async () => {
      const added = await domains().create(ADMIN, acme, { domain: 'tenancy.com' });
      await refused(domains().get(rival, added.id), 'inexistent_domain');
      await refused(domains().verify(ADMIN, rival, added.id), 'inexistent_domain');
      await refused(domains().remove(ADMIN, rival, added.id), 'inexistent_domain');
      assert.equal((await domains().get(acme, added.id)).domain, 'tenancy.com');
    });
  });
}
