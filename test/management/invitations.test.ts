import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { createClient, createConnection, createOrganization, createRole } from './memberships.factories.js';

for (const dialect of DIALECTS) {
  describe(`organization invitations API [${dialect}]`, () => {
    let server: TestServer;
    let clientId: string;
    before(async () => {
      server = await startServer(dialect);
      clientId = await createClient(server);
    });
    after(async () => {
      await server.close();
    });

    const body = (extra: Record<string, unknown> = {}) => ({
      inviter: { name: 'Alice' },
      invitee: { email: 'bob@example.com' },
      client_id: clientId,
      ...extra,
    });
    const invite = (orgId: string, extra: Record<string, unknown> = {}) =>
      server.api('POST', `/organizations/${orgId}/invitations`, body(extra));
    const stored = async (orgId: string) =>
      (await server.database.db.kysely.selectFrom('invitations').select('id').where('organization_id', '=', orgId).execute()).length;

    it("creates an invitation with 201 in Auth0's shape", async () => {
      const orgId = await createOrganization(server, 'invite-shape');
      const connectionId = await createConnection(server);
      const role = await createRole(server);
      const res = await invite(orgId, {
        connection_id: connectionId,
        roles: [role],
        app_metadata: { plan: 'pro' },
        user_metadata: { lang: 'fr' },
        send_invitation_email: false,
      });
      assert.equal(res.status, 201);
      const inv = res.body;
      assert.match(inv.id, /^uinv_[A-Za-z0-9]{16}$/);
      assert.match(inv.ticket_id, /^[A-Za-z0-9]{32}$/);
      assert.deepEqual(
        { ...inv, id: 'x', ticket_id: 'x', invitation_url: 'x', created_at: 'x', expires_at: 'x' },
        {
          id: 'x',
          organization_id: orgId,
          inviter: { name: 'Alice' },
          invitee: { email: 'bob@example.com' },
          invitation_url: 'x',
          created_at: 'x',
          expires_at: 'x',
          client_id: clientId,
          connection_id: connectionId,
          app_metadata: { plan: 'pro' },
          user_metadata: { lang: 'fr' },
          roles: [role],
          ticket_id: 'x',
        },
      );
      assert.equal(
        inv.invitation_url,
        `${server.url}/login?invitation=${inv.ticket_id}&organization=${orgId}&organization_name=invite-shape`,
      );
    });

    it('expires after 7 days by default and when ttl_sec is 0', async () => {
      const orgId = await createOrganization(server);
      for (const extra of [{}, { ttl_sec: 0 }]) {
        const res = await invite(orgId, extra);
        assert.equal(Date.parse(res.body.expires_at) - Date.parse(res.body.created_at), 604800 * 1000);
      }
    });

    it('honours ttl_sec up to 30 days and rejects more', async () => {
      const orgId = await createOrganization(server);
      const ok = await invite(orgId, { ttl_sec: 2592000 });
      assert.equal(Date.parse(ok.body.expires_at) - Date.parse(ok.body.created_at), 2592000 * 1000);
      const tooLong = await invite(orgId, { ttl_sec: 2592001 });
      assert.equal(tooLong.status, 400);
      assert.equal(tooLong.body.message, "Payload validation error: 'Value 2592001 is greater than maximum 2592000' on property ttl_sec.");
      assert.equal(await stored(orgId), 1);
    });

    it("builds the URL on the client's initiate_login_uri, URL-encoded", async () => {
      const orgId = await createOrganization(server, 'encoded_org-name');
      const client = await createClient(server, { initiate_login_uri: 'https://app.example/start?src=mail' });
      const res = await server.api('POST', `/organizations/${orgId}/invitations`, { ...body(), client_id: client });
      const url = new URL(res.body.invitation_url);
      assert.equal(`${url.origin}${url.pathname}`, 'https://app.example/start');
      assert.equal(url.searchParams.get('src'), 'mail');
      assert.equal(url.searchParams.get('invitation'), res.body.ticket_id);
      assert.equal(url.searchParams.get('organization'), orgId);
      assert.equal(url.searchParams.get('organization_name'), 'encoded_org-name');
    });

    it('rejects an unknown client_id, naming it, and stores nothing', async () => {
      const orgId = await createOrganization(server);
      const res = await server.api('POST', `/organizations/${orgId}/invitations`, { ...body(), client_id: 'no-such-client' });
      assert.equal(res.status, 400);
      assert.equal(res.body.errorCode, 'invalid_body');
      assert.equal(res.body.message, "Payload validation error: 'Client no-such-client does not exist' on property client_id.");
      assert.equal(await stored(orgId), 0);
    });

    it('rejects an unknown connection_id, naming it, and stores nothing', async () => {
      const orgId = await createOrganization(server);
      const res = await invite(orgId, { connection_id: 'con_0000000000000000' });
      assert.equal(res.status, 400);
      assert.equal(
        res.body.message,
        "Payload validation error: 'Connection con_0000000000000000 does not exist' on property connection_id.",
      );
      assert.equal(await stored(orgId), 0);
    });

    it('rejects an unknown role, naming it, and stores nothing', async () => {
      const orgId = await createOrganization(server);
      const res = await invite(orgId, { roles: [await createRole(server), 'rol_Nope000000000000'] });
      assert.equal(res.status, 400);
      assert.equal(res.body.message, "Payload validation error: 'Role rol_Nope000000000000 does not exist' on property roles.");
      assert.equal(await stored(orgId), 0);
    });

    it('rejects bad bodies and stores nothing', async () => {
      const orgId = await createOrganization(server);
      const cases: [unknown, string][] = [
        [
          { invitee: { email: 'b@example.com' }, client_id: 'c' },
          "Payload validation error: 'Missing required property: inviter' on property inviter.",
        ],
        [{ ...body(), inviter: {} }, "Payload validation error: 'Missing required property: name' on property inviter.name."],
        [
          { ...body(), inviter: { name: 'a'.repeat(301) } },
          "Payload validation error: 'String is too long (301 chars), maximum 300' on property inviter.name.",
        ],
        [
          { ...body(), invitee: { email: 'not-an-email' } },
          "Payload validation error: 'Object didn't pass validation for format email: not-an-email' on property invitee.email.",
        ],
        [{ ...body(), client_id: 5 }, "Payload validation error: 'Expected type string but found type integer' on property client_id."],
        [{ ...body(), ttl_sec: -1 }, "Payload validation error: 'Value -1 is less than minimum 0' on property ttl_sec."],
        [
          { ...body(), send_invitation_email: 'yes' },
          "Payload validation error: 'Expected type boolean but found type string' on property send_invitation_email.",
        ],
        [
          { ...body(), app_metadata: [] },
          "Payload validation error: 'Expected type object but found type array' on property app_metadata.",
        ],
        [{ ...body(), surprise: true }, "Payload validation error: 'Additional properties not allowed: surprise' on property surprise."],
        [
          { ...body(), inviter: { name: 'A', email: 'a@example.com' } },
          "Payload validation error: 'Additional properties not allowed: email' on property inviter.email.",
        ],
      ];
      for (const [payload, message] of cases) {
        const res = await server.api('POST', `/organizations/${orgId}/invitations`, payload);
        assert.equal(res.status, 400, JSON.stringify(payload));
        assert.equal(res.body.errorCode, 'invalid_body');
        assert.equal(res.body.message, message);
      }
      assert.equal(await stored(orgId), 0);
    });

    it('returns 404 inexistent_organization when inviting to an unknown organization', async () => {
      const res = await invite('org_0000000000000000');
      assert.equal(res.status, 404);
      assert.equal(res.body.errorCode, 'inexistent_organization');
    });

    it('gets an invitation by id', async () => {
      const orgId = await createOrganization(server);
      const created = (await invite(orgId)).body;
      const res = await server.api('GET', `/organizations/${orgId}/invitations/${created.id}`);
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, created);
    });

    it('returns 404 inexistent_invitation for an unknown id', async () => {
      const orgId = await createOrganization(server);
      const res = await server.api('GET', `/organizations/${orgId}/invitations/uinv_0000000000000000`);
      assert.equal(res.status, 404);
      assert.equal(res.body.errorCode, 'inexistent_invitation');
    });

    it("does not show or delete another organization's invitation: 404 inexistent_invitation", async () => {
      const orgA = await createOrganization(server);
      const orgB = await createOrganization(server);
      const created = (await invite(orgA)).body;
      const get = await server.api('GET', `/organizations/${orgB}/invitations/${created.id}`);
      assert.equal(get.status, 404);
      assert.equal(get.body.errorCode, 'inexistent_invitation');
      const del = await server.api('DELETE', `/organizations/${orgB}/invitations/${created.id}`);
      assert.equal(del.status, 404);
      assert.equal(del.body.errorCode, 'inexistent_invitation');
      assert.deepEqual((await server.api('GET', `/organizations/${orgB}/invitations`)).body, []);
      assert.equal((await server.api('GET', `/organizations/${orgA}/invitations/${created.id}`)).status, 200);
    });

    it('lists newest first by default, oldest first with sort=created_at:1, with paging and totals', async () => {
      const orgId = await createOrganization(server);
      for (let i = 0; i < 3; i += 1) await invite(orgId);
      // Invitations made in the same millisecond tie on created_at; the id breaks the tie.
      const created = await server.database.db.kysely
        .selectFrom('invitations')
        .select(['id', 'created_at'])
        .where('organization_id', '=', orgId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      const ascending = created.map((r) => r.id);
      const list = await server.api('GET', `/organizations/${orgId}/invitations`);
      assert.deepEqual(
        list.body.map((i: { id: string }) => i.id),
        [...ascending].reverse(),
      );
      const sorted = await server.api('GET', `/organizations/${orgId}/invitations?sort=created_at:1`);
      assert.deepEqual(
        sorted.body.map((i: { id: string }) => i.id),
        ascending,
      );
      const page = await server.api('GET', `/organizations/${orgId}/invitations?per_page=2&page=1&include_totals=true&sort=created_at:1`);
      assert.deepEqual({ start: page.body.start, limit: page.body.limit, total: page.body.total }, { start: 2, limit: 2, total: 3 });
      assert.deepEqual(
        page.body.invitations.map((i: { id: string }) => i.id),
        [ascending[2]],
      );
      const bad = await server.api('GET', `/organizations/${orgId}/invitations?sort=email:1`);
      assert.equal(bad.status, 400);
      assert.equal(bad.body.errorCode, 'invalid_query_string');
    });

    it('deletes an invitation with 204, then 404s it', async () => {
      const orgId = await createOrganization(server);
      const created = (await invite(orgId)).body;
      assert.equal((await server.api('DELETE', `/organizations/${orgId}/invitations/${created.id}`)).status, 204);
      assert.equal((await server.api('GET', `/organizations/${orgId}/invitations/${created.id}`)).status, 404);
    });

    it('finds an invitation by its ticket for sign-in, and marks it accepted once', async () => {
      const orgId = await createOrganization(server);
      const created = (await invite(orgId)).body;
      const { invitations } = server.app.services;
      const found = await invitations.findByTicket(created.ticket_id);
      assert.equal(found?.id, created.id);
      assert.equal(found?.accepted_at, undefined);
      assert.equal(await invitations.findByTicket('0'.repeat(32)), undefined);
      assert.equal(await invitations.markAccepted(created.id), true);
      assert.equal(await invitations.markAccepted(created.id), false);
      assert.ok((await invitations.findByTicket(created.ticket_id))?.accepted_at);
    });

    it('requires the organization_invitations scopes: 403 insufficient_scope and nothing changes', async () => {
      const orgId = await createOrganization(server);
      const readOnly = await server.token(['read:organization_invitations']);
      const create = await server.api('POST', `/organizations/${orgId}/invitations`, body(), readOnly);
      assert.equal(create.status, 403);
      assert.equal(create.body.errorCode, 'insufficient_scope');
      assert.equal(await stored(orgId), 0);
      const created = (await invite(orgId)).body;
      const del = await server.api('DELETE', `/organizations/${orgId}/invitations/${created.id}`, undefined, readOnly);
      assert.equal(del.status, 403);
      const writeOnly = await server.token(['create:organization_invitations']);
      assert.equal((await server.api('GET', `/organizations/${orgId}/invitations`, undefined, writeOnly)).status, 403);
      assert.equal((await server.api('GET', `/organizations/${orgId}/invitations/${created.id}`, undefined, writeOnly)).status, 403);
      assert.equal(await stored(orgId), 1);
    });
  });
}
