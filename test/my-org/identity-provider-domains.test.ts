import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { only, recording } from '../events/events.fixtures.js';
import { assertProblem, myOrg, myOrgApp, myOrgRole, organizationWith, tenantConnection, tokenFor } from './my-org.fixtures.js';

const SCOPES = [
  'read:my_org:identity_providers',
  'read:my_org:domains',
  'create:my_org:identity_providers_domains',
  'delete:my_org:identity_providers_domains',
];

// Auth0's `/identity-providers/{idp_id}/domains` and `/domains/{domain_id}/identity-providers`: an
// organization admin points their verified domains at an identity provider for home realm discovery.
for (const dialect of DIALECTS) {
  describe(`My Organization API identity provider domains [${dialect}]`, () => {
    let server: TestServer;
    let a: Awaited<ReturnType<typeof organizationWith>>;
    let b: Awaited<ReturnType<typeof organizationWith>>;
    let admin: string;
    let reader: string;
    const ids: Record<string, string> = {};
    const domains: Record<string, string> = {};

    async function connection(org: string, key: string, level: string) {
      ids[key] = await tenantConnection(server, org, { name: `hrd-${key}`, level, link: { organization_connection_name: `Corp-${key}` } });
    }

    async function domain(org: string, name: string, status: 'verified' | 'pending') {
      const created = await server.api('POST', `/organizations/${org}/discovery-domains`, { domain: name, status });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      domains[name] = created.body.id;
    }

    before(async () => {
      server = await startServer(dialect);
      const adminRole = await myOrgRole(server, 'hrd-admin', SCOPES);
      const readerRole = await myOrgRole(server, 'hrd-reader', ['read:my_org:identity_providers', 'read:my_org:domains']);
      a = await organizationWith(server, 'hrd-a', { admin: [adminRole.id], reader: [readerRole.id] });
      b = await organizationWith(server, 'hrd-b', { admin: [adminRole.id] });
      await connection(a.org.id, 'full', 'full');
      await connection(a.org.id, 'limited', 'limited');
      await connection(b.org.id, 'other', 'full');
      await domain(a.org.id, 'corp-a.example', 'verified');
      await domain(a.org.id, 'pending-a.example', 'pending');
      await domain(b.org.id, 'corp-b.example', 'verified');
      const app = await myOrgApp(server);
      admin = await tokenFor(server, app, a.org.id, 'admin@hrd-a.example');
      reader = await tokenFor(server, app, a.org.id, 'reader@hrd-a.example');
    });
    after(async () => {
      await server?.close();
    });

    it('associates a verified domain with a full identity provider, recorded with the admin as actor', async () => {
      const { result: res, events } = await recording(server, () =>
        myOrg(server, admin, 'POST', `/identity-providers/${ids.full}/domains`, { domain: 'Corp-A.example' }),
      );
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.deepEqual(res.body, { domain: 'corp-a.example' });
      const event = only(events, 'identity_provider_updated');
      assert.equal(event.actor_id, a.users.admin.user_id);
      assert.equal(event.organization_id, a.org.id);
      assert.equal(event.parsed.domain_added, 'corp-a.example');

      const idp = await myOrg(server, admin, 'GET', `/identity-providers/${ids.full}`);
      assert.deepEqual(idp.body.domains, ['corp-a.example']);
      const stored = await server.api('GET', `/connections/${ids.full}`);
      assert.deepEqual(stored.body.options.domain_aliases, ['corp-a.example']);

      const listed = await myOrg(server, reader, 'GET', `/domains/${domains['corp-a.example']}/identity-providers`);
      assert.equal(listed.status, 200, JSON.stringify(listed.body));
      assert.deepEqual(listed.body, { identity_providers: [{ id: ids.full, name: 'Corp-full' }] });
      const none = await myOrg(server, reader, 'GET', `/domains/${domains['pending-a.example']}/identity-providers`);
      assert.deepEqual(none.body, { identity_providers: [] });

      assertProblem(
        await myOrg(server, admin, 'POST', `/identity-providers/${ids.full}/domains`, { domain: 'corp-a.example' }),
        409,
        'domain_conflict',
      );
    });

    it('refuses a domain the organization has not verified, one of another organization, and a limited identity provider', async () => {
      const pending = assertProblem(
        await myOrg(server, admin, 'POST', `/identity-providers/${ids.full}/domains`, { domain: 'pending-a.example' }),
        400,
        'invalid_body',
      );
      assert.equal(pending.validation_errors[0].field, 'domain');
      assert.match(pending.validation_errors[0].detail, /verified domains/);
      assertProblem(
        await myOrg(server, admin, 'POST', `/identity-providers/${ids.full}/domains`, { domain: 'corp-b.example' }),
        400,
        'invalid_body',
      );
      assertProblem(
        await myOrg(server, admin, 'POST', `/identity-providers/${ids.full}/domains`, { domain: 'gmail.com' }),
        400,
        'invalid_body',
      );
      assertProblem(
        await myOrg(server, admin, 'POST', `/identity-providers/${ids.limited}/domains`, { domain: 'corp-a.example' }),
        403,
        'insufficient_access_level',
      );
      // Another organization's identity provider and domain are unknown, whatever the id.
      assertProblem(
        await myOrg(server, admin, 'POST', `/identity-providers/${ids.other}/domains`, { domain: 'corp-a.example' }),
        404,
        'inexistent_connection',
      );
      assertProblem(
        await myOrg(server, admin, 'GET', `/domains/${domains['corp-b.example']}/identity-providers`),
        404,
        'inexistent_domain',
      );
      assertProblem(
        await myOrg(server, reader, 'POST', `/identity-providers/${ids.full}/domains`, { domain: 'corp-a.example' }),
        403,
        'insufficient_scope',
      );
      const other = await server.api('GET', `/connections/${ids.other}`);
      assert.deepEqual(other.body.options.domain_aliases, []);
    });

    it('removes a domain from the identity provider by name', async () => {
      assertProblem(
        await myOrg(server, reader, 'DELETE', `/identity-providers/${ids.full}/domains/corp-a.example`),
        403,
        'insufficient_scope',
      );
      const removed = await myOrg(server, admin, 'DELETE', `/identity-providers/${ids.full}/domains/corp-a.example`);
      assert.equal(removed.status, 204, JSON.stringify(removed.body));
      assert.deepEqual((await server.api('GET', `/connections/${ids.full}`)).body.options.domain_aliases, []);
      assertProblem(
        await myOrg(server, admin, 'DELETE', `/identity-providers/${ids.full}/domains/corp-a.example`),
        404,
        'inexistent_domain',
      );
    });
  });
}
