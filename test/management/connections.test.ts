import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';

for (const dialect of DIALECTS) {
  describe(`connections API [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect);
    });
    after(async () => {
      await server.close();
    });

    const create = (body: Record<string, unknown>) => server.api('POST', '/connections', body);

    it("creates a connection with a con_ id, defaults and Auth0's shape", async () => {
      const res = await create({
        name: 'acme-saml',
        display_name: 'Acme SSO',
        strategy: 'samlp',
        options: { signInEndpoint: 'https://idp.acme.example/sso', domain_aliases: ['Acme.Example'] },
      });
      assert.equal(res.status, 201);
      assert.match(res.body.id, /^con_[A-Za-z0-9]{16}$/);
      assert.deepEqual(res.body, {
        id: res.body.id,
        name: 'acme-saml',
        display_name: 'Acme SSO',
        strategy: 'samlp',
        options: {
          signInEndpoint: 'https://idp.acme.example/sso',
          domain_aliases: ['acme.example'],
          is_create_missing_user: true,
          is_trusted: false,
        },
        enabled_clients: res.body.enabled_clients,
        realms: ['acme-saml'],
        is_domain_connection: false,
        metadata: {},
      });
      // Without enabled_clients: every existing application (see connections.enabled-clients.test.ts).
      assert.ok(res.body.enabled_clients.includes(server.bootstrap.clientId));
    });

    it('gets a connection by id and 404s inexistent_connection for an unknown id', async () => {
      const created = await create({ name: 'get-me', strategy: 'auth0' });
      const got = await server.api('GET', `/connections/${created.body.id}`);
      assert.equal(got.status, 200);
      assert.deepEqual(got.body, created.body);
      const missing = await server.api('GET', '/connections/con_0000000000000000');
      assert.equal(missing.status, 404);
      assert.equal(missing.body.errorCode, 'inexistent_connection');
    });

    it('deletes a connection with 204, then 404s', async () => {
      const created = await create({ name: 'delete-me', strategy: 'github', options: { domain_aliases: ['delete-me.example'] } });
      const deleted = await server.api('DELETE', `/connections/${created.body.id}`);
      assert.equal(deleted.status, 204);
      assert.equal((await server.api('GET', `/connections/${created.body.id}`)).status, 404);
      assert.equal((await server.api('DELETE', `/connections/${created.body.id}`)).body.errorCode, 'inexistent_connection');
    });

    it('frees the domains of a deleted connection', async () => {
      const first = await create({ name: 'domain-owner-gone', strategy: 'oidc', options: { domain_aliases: ['freed.example'] } });
      await server.api('DELETE', `/connections/${first.body.id}`);
      const second = await create({ name: 'domain-owner-new', strategy: 'oidc', options: { domain_aliases: ['freed.example'] } });
      assert.equal(second.status, 201);
    });

    it('rejects an unknown field with 400 invalid_body naming it', async () => {
      const res = await create({ name: 'unknown-field', strategy: 'auth0', foo: 1 });
      assert.equal(res.status, 400);
      assert.equal(res.body.errorCode, 'invalid_body');
      assert.equal(res.body.message, "Payload validation error: 'Additional properties not allowed: foo' on property foo.");
    });

    it('requires name and strategy', async () => {
      const res = await create({ strategy: 'auth0' });
      assert.equal(res.status, 400);
      assert.equal(res.body.message, "Payload validation error: 'Missing required property: name' on property name.");
    });

    it('rejects a wrong type', async () => {
      const res = await create({ name: 'wrong-type', strategy: 'auth0', is_domain_connection: 'yes' });
      assert.equal(res.status, 400);
      assert.equal(
        res.body.message,
        "Payload validation error: 'Expected type boolean but found type string' on property is_domain_connection.",
      );
    });

    it('rejects a name over 128 characters', async () => {
      const res = await create({ name: 'a'.repeat(129), strategy: 'auth0' });
      assert.equal(res.status, 400);
      assert.equal(res.body.message, "Payload validation error: 'String is too long (129 chars), maximum 128' on property name.");
    });

    it('rejects a name with a leading hyphen, a double hyphen or other characters', async () => {
      for (const name of ['-acme', 'acme-', 'ac--me', 'acme_corp', 'acme corp']) {
        const res = await create({ name, strategy: 'auth0' });
        assert.equal(res.status, 400, name);
        assert.match(res.body.message, /^Payload validation error: 'String does not match pattern .*' on property name\.$/);
      }
    });

    it('rejects a display_name over 128 characters', async () => {
      const res = await create({ name: 'long-display', strategy: 'auth0', display_name: 'x'.repeat(129) });
      assert.equal(res.status, 400);
      assert.equal(res.body.message, "Payload validation error: 'String is too long (129 chars), maximum 128' on property display_name.");
    });

    it('rejects an unknown strategy', async () => {
      const res = await create({ name: 'bad-strategy', strategy: 'ldap' });
      assert.equal(res.status, 400);
      assert.equal(res.body.message, `Payload validation error: 'No enum match for: "ldap"' on property strategy.`);
    });

    it('rejects more than 10 metadata keys', async () => {
      const metadata = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v']));
      const res = await create({ name: 'much-metadata', strategy: 'auth0', metadata });
      assert.equal(res.status, 400);
      assert.equal(res.body.message, "Payload validation error: 'Too many properties (11), maximum 10' on property metadata.");
    });

    it('returns 409 connection_conflict for a duplicate name and keeps the original', async () => {
      const first = await create({ name: 'dupe', strategy: 'auth0', display_name: 'Original' });
      const second = await create({ name: 'dupe', strategy: 'github', display_name: 'Copy' });
      assert.equal(second.status, 409);
      assert.equal(second.body.errorCode, 'connection_conflict');
      const stored = await server.api('GET', `/connections/${first.body.id}`);
      assert.equal(stored.body.display_name, 'Original');
      assert.equal(stored.body.strategy, 'auth0');
    });

    it('refuses unknown option keys for the strategy with a 400 naming them', async () => {
      const res = await create({
        name: 'unknown-options',
        strategy: 'github',
        options: { client_id: 'x', signInEndpoint: 'https://a.example', foo: 1 },
      });
      assert.equal(res.status, 400);
      assert.equal(res.body.errorCode, 'invalid_body');
      assert.equal(
        res.body.message,
        "Payload validation error: 'Additional properties not allowed for strategy github: signInEndpoint, foo' on property options.",
      );
    });

    it('refuses an option of the wrong type', async () => {
      const res = await create({ name: 'option-type', strategy: 'oidc', options: { client_id: 42 } });
      assert.equal(res.status, 400);
      assert.equal(
        res.body.message,
        "Payload validation error: 'Expected type string but found type integer' on property options.client_id.",
      );
    });

    it('refuses an over-long option', async () => {
      const res = await create({ name: 'option-long', strategy: 'waad', options: { tenant_domain: 'x'.repeat(254) } });
      assert.equal(res.status, 400);
      assert.equal(
        res.body.message,
        "Payload validation error: 'String is too long (254 chars), maximum 253' on property options.tenant_domain.",
      );
    });

    it('refuses a passwordPolicy outside the enum and a non-URL endpoint', async () => {
      const policy = await create({ name: 'bad-policy', strategy: 'auth0', options: { passwordPolicy: 'strong' } });
      assert.equal(policy.body.message, `Payload validation error: 'No enum match for: "strong"' on property options.passwordPolicy.`);
      const endpoint = await create({ name: 'bad-endpoint', strategy: 'samlp', options: { signInEndpoint: 'javascript:alert(1)' } });
      assert.equal(endpoint.status, 400);
      assert.equal(
        endpoint.body.message,
        "Payload validation error: 'Object didn't pass validation for format uri: javascript:alert(1)' on property options.signInEndpoint.",
      );
    });

    it('refuses an invalid domain alias and stores nothing', async () => {
      const res = await create({ name: 'bad-domain', strategy: 'okta', options: { domain_aliases: ['ok.example', 'not a domain'] } });
      assert.equal(res.status, 400);
      assert.equal(
        res.body.message,
        "Payload validation error: 'String is not a valid domain name: not a domain' on property options.domain_aliases.1.",
      );
      const list = await server.api('GET', '/connections?name=bad-domain');
      assert.deepEqual(list.body, []);
    });

    it('ignores idpinitiated on a SAML connection', async () => {
      const res = await create({ name: 'saml-idp-init', strategy: 'samlp', options: { idpinitiated: { enabled: true } } });
      assert.equal(res.status, 201);
      assert.equal(res.body.options.idpinitiated, undefined);
    });

    it('returns 409 domain_conflict naming a domain another connection uses, and creates nothing', async () => {
      await create({ name: 'domain-a', strategy: 'samlp', options: { domain_aliases: ['shared.example'] } });
      const res = await create({ name: 'domain-b', strategy: 'oidc', options: { domain_aliases: ['other-b.example', 'SHARED.example'] } });
      assert.equal(res.status, 409);
      assert.equal(res.body.errorCode, 'domain_conflict');
      assert.equal(res.body.message, 'The domain shared.example is already used by another connection.');
      assert.deepEqual((await server.api('GET', '/connections?name=domain-b')).body, []);
      assert.deepEqual((await server.api('GET', '/connections?domain=other-b.example')).body, []);
    });

    it('never returns client_secret from create, get, list or update', async () => {
      const created = await create({
        name: 'secretive',
        strategy: 'oidc',
        options: { client_id: 'cid', client_secret: 's3cret', discovery_url: 'https://idp.example/.well-known/openid-configuration' },
      });
      assert.equal(created.status, 201);
      assert.equal(created.body.options.client_id, 'cid');
      const id = created.body.id;
      const bodies = [
        created.body,
        (await server.api('GET', `/connections/${id}`)).body,
        (await server.api('GET', '/connections?name=secretive')).body[0],
        (await server.api('PATCH', `/connections/${id}`, { options: { client_id: 'cid2', client_secret: 'other' } })).body,
      ];
      for (const body of bodies) {
        assert.equal(body.id, id);
        assert.equal('client_secret' in body.options, false);
        assert.doesNotMatch(JSON.stringify(body), /s3cret|other/);
      }
    });

    it('keeps a stored secret that a PATCH of options leaves out, and replaces the other options', async () => {
      const created = await create({
        name: 'keep-secret',
        strategy: 'google-oauth2',
        options: { client_id: 'old-id', client_secret: 'kept', is_trusted: true },
      });
      const patched = await server.api('PATCH', `/connections/${created.body.id}`, { options: { client_id: 'new-id' } });
      assert.equal(patched.status, 200);
      assert.deepEqual(patched.body.options, { client_id: 'new-id', domain_aliases: [], is_create_missing_user: true, is_trusted: false });
      const stored = await server.app.services.connections.get(created.body.id);
      assert.equal(stored.options.client_secret, 'kept');
    });

    it('updates display_name, metadata and is_domain_connection', async () => {
      const created = await create({ name: 'patch-me', strategy: 'auth0', metadata: { a: '1' } });
      const res = await server.api('PATCH', `/connections/${created.body.id}`, {
        display_name: 'Patched',
        metadata: { b: '2' },
        is_domain_connection: true,
      });
      assert.equal(res.status, 200);
      assert.equal(res.body.display_name, 'Patched');
      assert.deepEqual(res.body.metadata, { b: '2' });
      assert.equal(res.body.is_domain_connection, true);
    });

    it('refuses to change the strategy or the name', async () => {
      const created = await create({ name: 'fixed', strategy: 'auth0' });
      const strategy = await server.api('PATCH', `/connections/${created.body.id}`, { strategy: 'samlp' });
      assert.equal(strategy.status, 400);
      assert.equal(strategy.body.message, "Payload validation error: 'Additional properties not allowed: strategy' on property strategy.");
      const name = await server.api('PATCH', `/connections/${created.body.id}`, { name: 'renamed' });
      assert.equal(name.status, 400);
      assert.equal((await server.api('GET', `/connections/${created.body.id}`)).body.strategy, 'auth0');
    });

    it('checks PATCH options against the stored strategy and leaves the connection unchanged', async () => {
      const created = await create({ name: 'patch-options', strategy: 'auth0', options: { passwordPolicy: 'good' } });
      const res = await server.api('PATCH', `/connections/${created.body.id}`, { options: { client_id: 'x' }, display_name: 'Changed' });
      assert.equal(res.status, 400);
      assert.equal(
        res.body.message,
        "Payload validation error: 'Additional properties not allowed for strategy auth0: client_id' on property options.",
      );
      const stored = await server.api('GET', `/connections/${created.body.id}`);
      assert.deepEqual(stored.body, created.body);
    });

    it("refuses a PATCH that takes another connection's domain and leaves both unchanged", async () => {
      const a = await create({ name: 'patch-domain-a', strategy: 'samlp', options: { domain_aliases: ['taken-a.example'] } });
      const b = await create({ name: 'patch-domain-b', strategy: 'samlp', options: { domain_aliases: ['own-b.example'] } });
      const res = await server.api('PATCH', `/connections/${b.body.id}`, { options: { domain_aliases: ['taken-a.example'] } });
      assert.equal(res.status, 409);
      assert.equal(res.body.errorCode, 'domain_conflict');
      assert.equal(res.body.message, 'The domain taken-a.example is already used by another connection.');
      assert.deepEqual((await server.api('GET', `/connections/${b.body.id}`)).body, b.body);
      assert.deepEqual(
        (await server.api('GET', '/connections?domain=own-b.example')).body.map((c: { id: string }) => c.id),
        [b.body.id],
      );
      assert.deepEqual(
        (await server.api('GET', '/connections?domain=taken-a.example')).body.map((c: { id: string }) => c.id),
        [a.body.id],
      );
    });

    it('lets a PATCH keep its own domains', async () => {
      const created = await create({ name: 'own-domains', strategy: 'oidc', options: { domain_aliases: ['mine.example'] } });
      const res = await server.api('PATCH', `/connections/${created.body.id}`, {
        options: { domain_aliases: ['mine.example', 'mine2.example'] },
      });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.options.domain_aliases, ['mine.example', 'mine2.example']);
    });

    it('404s inexistent_connection when patching an unknown id', async () => {
      const res = await server.api('PATCH', '/connections/con_0000000000000000', { display_name: 'x' });
      assert.equal(res.status, 404);
      assert.equal(res.body.errorCode, 'inexistent_connection');
    });

    it('creates an organization-owned connection', async () => {
      const org = await server.api('POST', '/organizations', { name: 'owner-org' });
      const res = await create({ name: 'owned', strategy: 'samlp', organization_id: org.body.id });
      assert.equal(res.status, 201);
      assert.equal(res.body.organization_id, org.body.id);
      assert.equal((await server.api('GET', `/connections/${res.body.id}`)).body.organization_id, org.body.id);
    });

    it('refuses an unknown organization_id with 400 invalid_body naming it, and creates nothing', async () => {
      const res = await create({ name: 'orphan', strategy: 'samlp', organization_id: 'org_0000000000000000' });
      assert.equal(res.status, 400);
      assert.equal(res.body.errorCode, 'invalid_body');
      assert.equal(res.body.message, "Payload validation error: 'No organization found by that id' on property organization_id.");
      assert.deepEqual((await server.api('GET', '/connections?name=orphan')).body, []);
    });

    it('finds connections by email domain, case-insensitively', async () => {
      const created = await create({ name: 'search-domain', strategy: 'waad', options: { domain_aliases: ['findme.example'] } });
      const res = await server.api('GET', '/connections?domain=FindMe.Example');
      assert.equal(res.status, 200);
      assert.deepEqual(
        res.body.map((c: { id: string }) => c.id),
        [created.body.id],
      );
      const found = await server.app.services.connections.findByDomain('FINDME.example');
      assert.equal(found?.id, created.body.id);
      assert.equal(await server.app.services.connections.findByDomain('nobody.example'), undefined);
    });

    it('filters the list by one or several strategies and by name', async () => {
      const gh = await create({ name: 'filter-github', strategy: 'github' });
      const google = await create({ name: 'filter-google', strategy: 'google-oauth2' });
      const one = await server.api('GET', '/connections?strategy=github');
      assert.ok(one.body.every((c: { strategy: string }) => c.strategy === 'github'));
      assert.ok(one.body.some((c: { id: string }) => c.id === gh.body.id));
      const both = await server.api('GET', '/connections?strategy=github&strategy=google-oauth2');
      const ids = both.body.map((c: { id: string }) => c.id);
      assert.ok(ids.includes(gh.body.id) && ids.includes(google.body.id));
      assert.ok(both.body.every((c: { strategy: string }) => ['github', 'google-oauth2'].includes(c.strategy)));
      const byName = await server.api('GET', '/connections?name=filter-google');
      assert.deepEqual(
        byName.body.map((c: { id: string }) => c.id),
        [google.body.id],
      );
    });

    it('pages with include_totals and with checkpoints', async () => {
      for (const n of [1, 2, 3]) await create({ name: `page-${n}`, strategy: 'okta' });
      const totals = await server.api('GET', '/connections?strategy=okta&per_page=2&page=0&include_totals=true');
      assert.equal(totals.status, 200);
      assert.equal(totals.body.connections.length, 2);
      assert.equal(totals.body.total, 3);
      assert.equal(totals.body.limit, 2);
      const first = await server.api('GET', '/connections?strategy=okta&take=2');
      assert.equal(first.body.connections.length, 2);
      const second = await server.api('GET', `/connections?strategy=okta&take=2&from=${first.body.next}`);
      assert.equal(second.body.connections.length, 1);
      assert.equal(second.body.next, undefined);
      const all = [...first.body.connections, ...second.body.connections].map((c: { name: string }) => c.name).sort();
      assert.deepEqual(all, ['page-1', 'page-2', 'page-3']);
    });

    it('refuses each route without its scope with 403 insufficient_scope', async () => {
      const created = await create({ name: 'scoped', strategy: 'auth0' });
      const token = await server.token(['read:organizations']);
      const cases: [string, string, unknown, string][] = [
        ['POST', '/connections', { name: 'scoped-2', strategy: 'auth0' }, 'create:connections'],
        ['GET', '/connections', undefined, 'read:connections'],
        ['GET', `/connections/${created.body.id}`, undefined, 'read:connections'],
        ['PATCH', `/connections/${created.body.id}`, { display_name: 'x' }, 'update:connections'],
        ['DELETE', `/connections/${created.body.id}`, undefined, 'delete:connections'],
      ];
      for (const [method, path, body, scope] of cases) {
        const res = await server.api(method, path, body, token);
        assert.equal(res.status, 403, `${method} ${path}`);
        assert.equal(res.body.errorCode, 'insufficient_scope');
        assert.equal(res.body.message, `Insufficient scope; expected any of: ${scope}.`);
      }
      assert.deepEqual((await server.api('GET', `/connections/${created.body.id}`)).body, created.body);
    });
  });
}
