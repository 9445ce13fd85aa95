import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';

// SSO tickets over the wire on every dialect: the request's validation (each refusal names its
// field), one-time opening, expiry, revocation, and what a wizard session may and may not do. The
// whole wizard, test sign-in included, is followed in Chromium (test/e2e/self-service-sso.e2e.test.ts).

const DAY_MS = 86_400_000;

for (const dialect of DIALECTS) {
  describe(`self-service SSO tickets [${dialect}]`, () => {
    let server: TestServer;
    let now = new Date('2026-12-01T10:00:00.000Z');
    let profileId: string;
    let orgId: string;
    before(async () => {
      server = await startServer(dialect, { clock: { now: () => now } });
      profileId = (await server.api('POST', '/self-service-profiles', { name: 'Tickets', allowed_strategies: ['samlp', 'oidc'] })).body.id;
      orgId = (await server.api('POST', '/organizations', { name: 'ticket-org' })).body.id;
    });
    after(async () => {
      await server.close();
    });

    let names = 0;
    async function ticket(body: Record<string, unknown> = {}, profile = profileId): Promise<string> {
      names += 1;
      const res = await server.api('POST', `/self-service-profiles/${profile}/sso-ticket`, {
        connection_config: { name: `ticket-conn-${names}` },
        enabled_organizations: [{ organization_id: orgId }],
        ...body,
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.ticket as string;
    }

    const secretOf = (url: string) => new URL(url).searchParams.get('ticket')!;

    /** Opens the ticket URL as a browser would; the session cookie when it worked. */
    async function open(url: string): Promise<{ status: number; cookie?: string; body: string }> {
      const res = await fetch(url, { redirect: 'manual' });
      const cookie = res.headers.get('set-cookie')?.split(';')[0];
      return { status: res.status, cookie: res.status === 303 ? cookie : undefined, body: await res.text() };
    }

    async function wizard(path: string, cookie: string, form?: Record<string, string>) {
      const res = await fetch(`${server.url}/self-service${path}`, {
        method: form ? 'POST' : 'GET',
        redirect: 'manual',
        headers: { cookie, ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
        body: form ? new URLSearchParams(form) : undefined,
      });
      return { status: res.status, location: res.headers.get('location'), body: await res.text(), headers: res.headers };
    }

    const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1];

    it('answers a ticket URL under the issuer, opened once for a session cookie', async () => {
      const url = await ticket();
      assert.match(url, new RegExp(`^${server.url}/self-service/connections-flow\\?ticket=[A-Za-z0-9_-]{43}$`));
      const first = await open(url);
      assert.equal(first.status, 303);
      assert.match(first.cookie ?? '', /^gatehouse_sso_setup=/);
      const page = await wizard('/setup/provider', first.cookie!);
      assert.equal(page.status, 200);
      assert.match(page.body, /Choose your identity provider/);
      assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/);
      assert.equal(page.headers.get('x-frame-options'), 'DENY');

      const again = await open(url);
      assert.equal(again.status, 410);
      assert.match(again.body, /This setup link cannot be used/);
    });

    it('stores neither the ticket nor the session, only their hashes', async () => {
      const url = await ticket();
      const { cookie } = await open(url);
      const session = decodeURIComponent(cookie!.split('=')[1]);
      const rows = await server.database.db.kysely.selectFrom('sso_tickets').selectAll().execute();
      const stored = JSON.stringify(rows);
      assert.ok(!stored.includes(secretOf(url)), 'the ticket secret is not stored');
      assert.ok(!stored.includes(session), 'the session secret is not stored');
    });

    it('refuses an expired ticket, and ends its session when it expires', async () => {
      const url = await ticket({ ttl_sec: 3600 });
      const other = await ticket({ ttl_sec: 3600 });
      const { cookie } = await open(other);
      now = new Date(now.getTime() + 3_601_000);
      try {
        assert.equal((await open(url)).status, 410);
        assert.equal((await wizard('/setup/provider', cookie!)).status, 410);
      } finally {
        now = new Date(now.getTime() + DAY_MS);
      }
    });

    it('revokes a ticket (202, as Auth0) before or after it is opened; another profile cannot', async () => {
      const unopened = await ticket();
      const res = await server.api('POST', `/self-service-profiles/${profileId}/sso-ticket/${secretOf(unopened)}/revoke`);
      assert.equal(res.status, 202);
      assert.equal((await open(unopened)).status, 410);

      const opened = await ticket();
      const { cookie } = await open(opened);
      await server.api('POST', `/self-service-profiles/${profileId}/sso-ticket/${secretOf(opened)}/revoke`);
      assert.equal((await wizard('/setup/provider', cookie!)).status, 410);

      // Through another profile, a ticket is unknown: the answer is the same 202, and nothing changes.
      const otherProfile = (await server.api('POST', '/self-service-profiles', { name: 'Other' })).body.id;
      const kept = await ticket();
      const foreign = await server.api('POST', `/self-service-profiles/${otherProfile}/sso-ticket/${secretOf(kept)}/revoke`);
      assert.equal(foreign.status, 202);
      assert.equal((await open(kept)).status, 303);
      const unknown = await server.api('POST', `/self-service-profiles/${profileId}/sso-ticket/not-a-ticket/revoke`);
      assert.equal(unknown.status, 202);
    });

    it("refuses a form of one ticket's session with another ticket's CSRF token", async () => {
      const a = (await open(await ticket())).cookie!;
      const b = (await open(await ticket())).cookie!;
      const csrfB = csrfOf((await wizard('/setup/provider', b)).body);
      const res = await wizard('/setup/provider', a, { _csrf: csrfB, strategy: 'samlp' });
      assert.equal(res.status, 400);
      assert.match(res.body, /This form has expired/);
    });

    it('makes the connection at the first step, live for no application or organization until the end', async () => {
      const cookie = (await open(await ticket({ connection_config: { name: 'not-yet-live' } }))).cookie!;
      const csrf = csrfOf((await wizard('/setup/provider', cookie)).body);
      const offered = (await wizard('/setup/provider', cookie)).body.match(/name="strategy" value="([^"]+)"/g);
      assert.deepEqual(offered, ['name="strategy" value="oidc"', 'name="strategy" value="samlp"']);
      const chosen = await wizard('/setup/provider', cookie, { _csrf: csrf, strategy: 'samlp' });
      assert.equal(chosen.status, 303);
      assert.equal(chosen.location, '/self-service/setup/configure');

      const connections = await server.api('GET', '/connections?name=not-yet-live');
      assert.equal(connections.body.length, 1);
      const connection = connections.body[0];
      assert.equal(connection.strategy, 'samlp');
      assert.deepEqual(connection.enabled_clients, []);
      const enabled = await server.api('GET', `/organizations/${orgId}/enabled_connections`);
      assert.ok(!enabled.body.some((c: { connection_id: string }) => c.connection_id === connection.id));

      // The values to paste name the connection; its IdP settings are asked for by field.
      const configure = await wizard('/setup/configure', cookie);
      assert.ok(configure.body.includes(`${server.url}/login/sso/saml/${connection.id}/acs`));
      const missing = await wizard('/setup/configure', cookie, { _csrf: csrf, sign_in_url: 'https://idp.example/sso' });
      assert.equal(missing.status, 400);
      assert.match(missing.body, /<p class="field-error" id="signing_cert-error">Give the signing certificate with the sign-in URL\.<\/p>/);
      const bad = await wizard('/setup/configure', cookie, { _csrf: csrf, sign_in_url: 'not a url', signing_cert: 'x' });
      assert.equal(bad.status, 400);
      assert.match(bad.body, /id="sign_in_url-error"/);

      // Nothing to finish before a test sign-in worked.
      const early = await wizard('/setup/finish', cookie);
      assert.equal(early.status, 303);
      assert.equal(early.location, '/self-service/setup/test');
      const forced = await wizard('/setup/finish', cookie, { _csrf: csrf });
      assert.equal(forced.status, 400);
      assert.match(forced.body, /Test the connection with a sign-in before finishing\./);

      const events = await server.database.db.kysely
        .selectFrom('events')
        .select(['action', 'type', 'actor_type'])
        .where('connection_id', '=', connection.id)
        .execute();
      assert.deepEqual(
        events.map((e) => [e.action, e.type, e.actor_type]),
        [['connection_created', 'sapi', 'sso_ticket']],
      );
    });

    for (const [body, field] of [
      [{ connection_config: undefined }, 'connection_config'],
      [{ connection_id: 'con_nothere' }, 'connection_config'],
      [{ connection_config: { name: '-bad-' } }, 'connection_config.name'],
      [{ enabled_clients: ['no-such-client'] }, 'enabled_clients'],
      [{ enabled_organizations: [{ organization_id: 'org_nothere' }] }, 'enabled_organizations.organization_id'],
      [
        { enabled_organizations: [], domain_aliases_config: { domain_verification: 'required' } },
        'domain_aliases_config.domain_verification',
      ],
      [{ domain_aliases_config: { domain_verification: 'always' } }, 'domain_aliases_config.domain_verification'],
      [{ ttl_sec: 432_001 }, 'ttl_sec'],
    ] as const) {
      it(`refuses a ticket with ${JSON.stringify(body)}, naming ${field}`, async () => {
        const res = await server.api('POST', `/self-service-profiles/${profileId}/sso-ticket`, {
          connection_config: { name: 'refused-conn' },
          enabled_organizations: [{ organization_id: orgId }],
          ...(body as Record<string, unknown>),
        });
        assert.equal(res.status, 400, JSON.stringify(res.body));
        assert.equal(res.body.errorCode, 'invalid_body');
        assert.ok(res.body.message.endsWith(` on property ${field}.`), res.body.message);
      });
    }

    it('refuses an existing connection of a strategy the profile does not offer', async () => {
      const okta = await server.api('POST', '/connections', {
        name: 'existing-okta',
        strategy: 'okta',
        options: { domain: 'acme.okta.com' },
      });
      const res = await server.api('POST', `/self-service-profiles/${profileId}/sso-ticket`, { connection_id: okta.body.id });
      assert.equal(res.status, 400);
      assert.equal(
        res.body.message,
        "Payload validation error: 'The connection's strategy okta is not one the profile allows' on property connection_id.",
      );
    });

    it('answers 404 for an unknown profile and 403 without the ticket scope', async () => {
      const unknown = await server.api('POST', '/self-service-profiles/ssp_nothere/sso-ticket', { connection_config: { name: 'x' } });
      assert.equal(unknown.status, 404);
      assert.equal(unknown.body.errorCode, 'inexistent_self_service_profile');
      const token = await server.token(['read:self_service_profiles']);
      const res = await server.api('POST', `/self-service-profiles/${profileId}/sso-ticket`, { connection_config: { name: 'x' } }, token);
      assert.equal(res.status, 403);
      assert.equal(res.body.errorCode, 'insufficient_scope');
    });

    it('records the ticket with its actor, never its secret', async () => {
      const url = await ticket();
      const rows = await server.database.db.kysely
        .selectFrom('events')
        .select(['action', 'actor_type', 'actor_id', 'details'])
        .where('action', 'in', ['sso_ticket_created', 'sso_ticket_opened'])
        .execute();
      assert.ok(
        rows.some((r) => r.action === 'sso_ticket_created' && r.actor_type === 'client' && r.actor_id === server.bootstrap.clientId),
      );
      assert.ok(!JSON.stringify(rows).includes(secretOf(url)));
    });
  });
}
