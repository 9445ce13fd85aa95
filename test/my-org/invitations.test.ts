import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { recording } from '../events/events.fixtures.js';
import { MY_ORG_SCOPES, assertProblem, myOrg, myOrgApp, myOrgRole, organizationWith, tokenFor } from './my-org.fixtures.js';

for (const dialect of DIALECTS) {
  describe(`My Organization API member invitations [${dialect}]`, () => {
    let server: TestServer;
    let app: Awaited<ReturnType<typeof myOrgApp>>;
    let admin: { id: string };
    let viewer: { id: string };
    let a: Awaited<ReturnType<typeof organizationWith>>;
    let b: Awaited<ReturnType<typeof organizationWith>>;
    let tokenA: string;
    let tokenB: string;

    before(async () => {
      server = await startServer(dialect);
      admin = await myOrgRole(server, 'inv-admin', MY_ORG_SCOPES);
      viewer = await myOrgRole(server, 'inv-viewer', ['read:my_org:details']);
      a = await organizationWith(server, 'inv-a', { admin: [admin.id] });
      b = await organizationWith(server, 'inv-b', { admin: [admin.id] });
      app = await myOrgApp(server);
      tokenA = await tokenFor(server, app, a.org.id, 'admin@inv-a.example');
      tokenB = await tokenFor(server, app, b.org.id, 'admin@inv-b.example');
    });
    after(async () => {
      await server.close();
    });

    it('POST /member-invitations invites several people at once, each with their roles, recorded as the person', async () => {
      const { result: res, events } = await recording(server, () =>
        myOrg(server, tokenA, 'POST', '/member-invitations', {
          invitees: [{ email: 'new1@inv-a.example', roles: [viewer.id] }, { email: 'new2@inv-a.example' }],
          identity_provider_id: a.connection.id,
          ttl_sec: 3600,
        }),
      );
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.length, 2);
      const [first, second] = res.body;
      assert.equal(first.organization_id, a.org.id);
      assert.equal(first.invitee.email, 'new1@inv-a.example');
      assert.deepEqual(first.roles, [viewer.id]);
      assert.deepEqual(second.roles, []);
      assert.equal(first.identity_provider_id, a.connection.id);
      assert.equal(first.inviter.name, 'admin of inv-a', "the administrator's profile name");
      assert.equal(Date.parse(first.expires_at) - Date.parse(first.created_at), 3600 * 1000);
      const url = new URL(first.invitation_url);
      assert.equal(url.searchParams.get('invitation'), first.ticket_id);
      assert.equal(url.searchParams.get('organization'), a.org.id);
      assert.equal('client_id' in first, false);

      const created = events.filter((e) => e.action === 'organization_invitation_created');
      assert.equal(created.length, 2);
      for (const event of created) {
        assert.equal(event.type, 'sapi');
        assert.equal(event.actor_id, a.users.admin.user_id);
        assert.equal(event.organization_id, a.org.id);
        assert.equal(event.parsed.actor.api, 'my_org');
        assert.equal(JSON.stringify(event.parsed).includes(first.ticket_id), false, 'no ticket in events');
      }
      // The Management API sees the same invitations, for the application the administrator used.
      const mgmt = await server.api('GET', `/organizations/${a.org.id}/invitations/${first.id}`);
      assert.equal(mgmt.body.client_id, app.client.client_id);
    });

    it('a new invitation revokes the invitee’s open one', async () => {
      const one = await myOrg(server, tokenA, 'POST', '/member-invitations', {
        invitees: [{ email: 'again@inv-a.example' }],
        inviter: { name: 'Ada' },
      });
      assert.equal(one.status, 201);
      const { result: two, events } = await recording(server, () =>
        myOrg(server, tokenA, 'POST', '/member-invitations', { invitees: [{ email: 'AGAIN@inv-a.example' }] }),
      );
      assert.equal(two.status, 201);
      assertProblem(await myOrg(server, tokenA, 'GET', `/member-invitations/${one.body[0].id}`), 404, 'inexistent_invitation');
      assert.equal((await myOrg(server, tokenA, 'GET', `/member-invitations/${two.body[0].id}`)).status, 200);
      const revoked = events.find((e) => e.action === 'organization_invitation_deleted');
      assert.equal(revoked?.parsed.invitation.id, one.body[0].id);
      assert.equal(revoked?.parsed.reason, 'superseded');
    });

    it('GET /member-invitations lists newest first with from/take; GET by id; DELETE revokes', async () => {
      for (const n of [1, 2, 3]) {
        assert.equal(
          (await myOrg(server, tokenB, 'POST', '/member-invitations', { invitees: [{ email: `p${n}@inv-b.example` }] })).status,
          201,
        );
      }
      const seen: { id: string; created_at: string; invitee: { email: string } }[] = [];
      let next: string | undefined;
      do {
        const res = await myOrg(server, tokenB, 'GET', `/member-invitations?take=2${next ? `&from=${encodeURIComponent(next)}` : ''}`);
        assert.equal(res.status, 200, JSON.stringify(res.body));
        assert.ok(res.body.invitations.length <= 2);
        seen.push(...res.body.invitations);
        next = res.body.next;
      } while (next);
      assert.deepEqual(seen.map((i) => i.invitee.email).sort(), ['p1@inv-b.example', 'p2@inv-b.example', 'p3@inv-b.example']);
      // Newest first; two made in the same millisecond follow their ids.
      const newestFirst = [...seen].sort((x, y) => y.created_at.localeCompare(x.created_at) || y.id.localeCompare(x.id));
      assert.deepEqual(seen, newestFirst);

      const list = (await myOrg(server, tokenB, 'GET', '/member-invitations')).body.invitations;
      const got = await myOrg(server, tokenB, 'GET', `/member-invitations/${list[0].id}`);
      assert.equal(got.status, 200);
      assert.equal(got.body.invitee.email, list[0].invitee.email);
      const { result: del, events } = await recording(server, () => myOrg(server, tokenB, 'DELETE', `/member-invitations/${list[0].id}`));
      assert.equal(del.status, 204);
      assert.equal(events.find((e) => e.action === 'organization_invitation_deleted')?.actor_id, b.users.admin.user_id);
      assertProblem(await myOrg(server, tokenB, 'GET', `/member-invitations/${list[0].id}`), 404, 'inexistent_invitation');
    });

    it('cannot read or revoke another organization’s invitation, even knowing its id: 404', async () => {
      const theirs = (await myOrg(server, tokenB, 'POST', '/member-invitations', { invitees: [{ email: 'secret@inv-b.example' }] }))
        .body[0];
      assertProblem(await myOrg(server, tokenA, 'GET', `/member-invitations/${theirs.id}`), 404, 'inexistent_invitation');
      assertProblem(await myOrg(server, tokenA, 'DELETE', `/member-invitations/${theirs.id}`), 404, 'inexistent_invitation');
      const listA = (await myOrg(server, tokenA, 'GET', '/member-invitations?take=100')).body.invitations;
      assert.equal(
        listA.some((i: { id: string }) => i.id === theirs.id),
        false,
      );
      assert.equal((await myOrg(server, tokenB, 'GET', `/member-invitations/${theirs.id}`)).status, 200, 'still there for B');
    });

    it('refuses another organization’s connection as the identity provider, naming the field', async () => {
      const res = assertProblem(
        await myOrg(server, tokenA, 'POST', '/member-invitations', {
          invitees: [{ email: 'x@inv-a.example' }],
          identity_provider_id: b.connection.id,
        }),
        400,
        'invalid_body',
      );
      assert.equal(res.validation_errors[0].field, 'identity_provider_id');
    });

    it('refuses bad input with 400 naming the field, and writes nothing', async () => {
      const before = (await myOrg(server, tokenA, 'GET', '/member-invitations?take=100')).body.invitations.length;
      const email = assertProblem(
        await myOrg(server, tokenA, 'POST', '/member-invitations', {
          invitees: [{ email: 'ok@inv-a.example' }, { email: 'not-an-email' }],
        }),
        400,
        'invalid_body',
      );
      assert.equal(email.validation_errors[0].field, 'invitees.1.email');
      const ttl = assertProblem(
        await myOrg(server, tokenA, 'POST', '/member-invitations', { invitees: [{ email: 'ok@inv-a.example' }], ttl_sec: 2592001 }),
        400,
        'invalid_body',
      );
      assert.equal(ttl.validation_errors[0].field, 'ttl_sec');
      const role = assertProblem(
        await myOrg(server, tokenA, 'POST', '/member-invitations', {
          invitees: [{ email: 'ok@inv-a.example' }, { email: 'role@inv-a.example', roles: ['rol_nope'] }],
        }),
        400,
        'invalid_body',
      );
      assert.equal(role.validation_errors[0].field, 'invitees.1.roles');
      const twice = assertProblem(
        await myOrg(server, tokenA, 'POST', '/member-invitations', {
          invitees: [{ email: 'dup@inv-a.example' }, { email: 'DUP@inv-a.example' }],
        }),
        400,
        'invalid_body',
      );
      assert.equal(twice.validation_errors[0].field, 'invitees');
      assertProblem(await myOrg(server, tokenA, 'POST', '/member-invitations', { invitees: [] }), 400, 'invalid_body');
      assert.equal((await myOrg(server, tokenA, 'GET', '/member-invitations?take=100')).body.invitations.length, before);
    });

    it('refuses an administrator without the scope with 403', async () => {
      const reader = await myOrgRole(server, 'inv-reader', ['read:my_org:member_invitations']);
      const c = await organizationWith(server, 'inv-c', { reader: [reader.id] });
      const token = await tokenFor(server, app, c.org.id, 'reader@inv-c.example');
      assert.equal((await myOrg(server, token, 'GET', '/member-invitations')).status, 200);
      assertProblem(
        await myOrg(server, token, 'POST', '/member-invitations', { invitees: [{ email: 'z@inv-c.example' }] }),
        403,
        'insufficient_scope',
      );
    });
  });
}
