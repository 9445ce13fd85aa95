import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import type { Clock } from '../../src/domain/shared/clock.js';
import { SYSTEM_ACTOR } from '../../src/domain/events/actor.js';
import { MFA_ACR, type TenantMfaPolicy } from '../../src/domain/mfa/mfa.types.js';
import {
  CALLBACK,
  PASSWORD,
  authorize,
  createAgent,
  exchange,
  organizationWithMember,
  registerApp,
  signInWithPassword,
} from '../login/login.fixtures.js';
import { CLIENT_ID, CLIENT_SECRET, startTestIdp, type TestIdp } from '../federation/oidc-idp.fixtures.js';
import { enrolTotp, post, requiringOrganization, totp } from './mfa.fixtures.js';

const ENROL = /Set up two-step verification/;
const CHALLENGE = /Verify your identity/;

// The MFA policy over the real login: organization exemptions by connection, the tenant's policy, acr_values.
for (const dialect of DIALECTS) {
  describe(`who the MFA policy asks [${dialect}]`, () => {
    let server: TestServer;
    let idp: TestIdp;
    let now = Date.now();
    const clock: Clock = { now: () => new Date(now) };
    before(async () => {
      server = await startServer(dialect, { clock });
      idp = await startTestIdp({ idTokenCarriesClaims: true, redirectUris: [`${server.url}/login/sso/oidc/callback`] });
    });
    after(async () => {
      await idp.close();
      await server.close();
    });

    /** Runs the test under the tenant policy, then puts the default (`optional`) back. */
    async function underTenantPolicy(policy: TenantMfaPolicy, run: () => Promise<void>) {
      await server.app.services.mfa.setTenantPolicy(SYSTEM_ACTOR, policy);
      try {
        await run();
      } finally {
        await server.app.services.mfa.setTenantPolicy(SYSTEM_ACTOR, 'optional');
      }
    }

    /** An OIDC enterprise connection to the test IdP, enabled in the organization with membership on login. */
    async function enterpriseConnectionIn(orgIds: string[], name: string) {
      const res = await server.api('POST', '/connections', {
        name,
        strategy: 'oidc',
        options: { issuer: idp.issuer, client_id: CLIENT_ID, client_secret: CLIENT_SECRET, domain_aliases: [] },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      for (const id of orgIds) {
        const enabled = await server.api('POST', `/organizations/${id}/enabled_connections`, {
          connection_id: res.body.id,
          assign_membership_on_login: true,
          show_as_button: true,
        });
        assert.equal(enabled.status, 201, JSON.stringify(enabled.body));
      }
      return res.body as { id: string };
    }

    /** The organization login through the IdP's button: the page after the IdP (the callback, or an MFA page). */
    async function signInThroughIdp(config: Awaited<ReturnType<typeof registerApp>>['config'], orgId: string) {
      const agent = createAgent();
      const flow = await authorize(config, agent, { organization: orgId });
      const button = /href="([^"]+\/sso\/con_[^"]+)"/.exec(flow.page.html);
      assert.ok(button, `the connection shows as a button:\n${flow.page.html.slice(0, 600)}`);
      return { flow, page: await agent.go(new URL(button[1], flow.page.url).toString(), { stopAt: CALLBACK }) };
    }

    /** A user of a database connection enabled for a new application that takes no organization. */
    async function tenantUser(name: string) {
      const connection = (await server.api('POST', '/connections', { name: `${name}-db`, strategy: 'auth0' })).body;
      const app = await registerApp(server);
      await server.api('PATCH', `/connections/${connection.id}/clients`, [{ client_id: app.client.client_id, status: true }]);
      const email = `person@${name}.example`;
      const user = await server.api('POST', '/users', { connection: `${name}-db`, email, password: PASSWORD, email_verified: true });
      assert.equal(user.status, 201, JSON.stringify(user.body));
      return { app, email, userId: user.body.user_id as string };
    }

    it('does not ask a member who signs in through an exempt enterprise connection, and asks one through a non-exempt one', async () => {
      const exempting = await organizationWithMember(server, 'policy-exempt-idp');
      const strict = (await server.api('POST', '/organizations', { name: 'policy-strict-idp' })).body;
      const connection = await enterpriseConnectionIn([exempting.org.id, strict.id], 'policy-idp');
      for (const [id, policy] of [
        [exempting.org.id, { require: true, exempt_connections: [connection.id] }],
        [strict.id, { require: true }],
      ] as const) {
        const patched = await server.api('PATCH', `/organizations/${id}`, { gatehouse_mfa_policy: policy });
        assert.equal(patched.status, 200, JSON.stringify(patched.body));
      }
      const { config } = await registerApp(server, { organization_usage: 'allow' });

      const exempt = await signInThroughIdp(config, exempting.org.id);
      assert.ok(exempt.page.url.startsWith(CALLBACK), `the exempt IdP's login is not asked: ${exempt.page.html.slice(0, 500)}`);
      const claims = (await exchange(config, exempt.page.url, exempt.flow)).claims()!;
      assert.equal(claims.org_id, exempting.org.id);
      assert.ok(!(claims.amr as string[] | undefined)?.includes('mfa'), JSON.stringify(claims.amr));

      const asked = await signInThroughIdp(config, strict.id);
      assert.match(asked.page.html, ENROL, 'the same IdP, in an organization that does not exempt it');

      // And in the exempting organization, its database connection is not exempt.
      const agent = createAgent();
      const page = await signInWithPassword(
        agent,
        (await authorize(config, agent, { organization: exempting.org.id })).page,
        exempting.member.email,
      );
      assert.match(page.html, ENROL);
    });

    it('asks everyone under the tenant policy `always`, without an organization', async () => {
      const { app, email } = await tenantUser('policy-always');
      await underTenantPolicy('always', async () => {
        const agent = createAgent();
        const page = await signInWithPassword(agent, (await authorize(app.config, agent)).page, email);
        assert.match(page.html, ENROL);
      });
      const agent = createAgent();
      const flow = await authorize(app.config, agent);
      const callback = await signInWithPassword(agent, flow.page, email);
      assert.ok(callback.url.startsWith(CALLBACK), 'under `optional`, an unenrolled user is not asked');
    });

    it('asks nobody under `never`, not even an enrolled user, unless an organization requires it', async () => {
      const made = await requiringOrganization(server, 'policy-never');
      const email = made.member.email as string;
      const first = createAgent();
      const { secret } = await enrolTotp(first, (await authorize(made.app.config, first, { organization: made.org.id })).page, email, (s) =>
        totp(s, now),
      );
      const app = await registerApp(server);
      await server.api('PATCH', `/connections/${made.connection.id}/clients`, [{ client_id: app.client.client_id, status: true }]);
      // Under `optional` (the default), the enrolled user is challenged without an organization too.
      const optional = createAgent();
      assert.match((await signInWithPassword(optional, (await authorize(app.config, optional)).page, email)).html, CHALLENGE);
      await underTenantPolicy('never', async () => {
        const agent = createAgent();
        const flow = await authorize(app.config, agent);
        const callback = await signInWithPassword(agent, flow.page, email);
        assert.ok(callback.url.startsWith(CALLBACK), callback.html.slice(0, 500));
        assert.deepEqual((await exchange(app.config, callback.url, flow)).claims()!.amr, ['pwd']);
        const inOrg = createAgent();
        const orgFlow = await authorize(made.app.config, inOrg, { organization: made.org.id });
        const challenge = await signInWithPassword(inOrg, orgFlow.page, email);
        assert.match(challenge.html, CHALLENGE, 'the organization requires it');
        now += 30_000;
        const done = await post(inOrg, challenge, { code: await totp(secret, now) });
        assert.ok(done.url.startsWith(CALLBACK), done.html.slice(0, 500));
      });
    });

    it('answers prompt=none by the tenant policy as it is now: a session without a second factor passes under `never`, not under `optional`', async () => {
      const made = await requiringOrganization(server, 'policy-silent');
      const email = made.member.email as string;
      const first = createAgent();
      await enrolTotp(first, (await authorize(made.app.config, first, { organization: made.org.id })).page, email, (s) => totp(s, now));
      const app = await registerApp(server);
      await server.api('PATCH', `/connections/${made.connection.id}/clients`, [{ client_id: app.client.client_id, status: true }]);
      await underTenantPolicy('never', async () => {
        const agent = createAgent();
        const callback = await signInWithPassword(agent, (await authorize(app.config, agent)).page, email);
        assert.ok(callback.url.startsWith(CALLBACK), callback.html.slice(0, 500));
        const silent = await authorize(app.config, agent, { prompt: 'none' });
        assert.ok(new URL(silent.page.url).searchParams.get('code'), `a code under never: ${silent.page.url}`);
        await server.app.services.mfa.setTenantPolicy(SYSTEM_ACTOR, 'optional');
        const asked = await authorize(app.config, agent, { prompt: 'none' });
        assert.equal(new URL(asked.page.url).searchParams.get('error'), 'interaction_required', asked.page.url);
      });
    });

    it("asks for a second factor when acr_values names Auth0's multi-factor acr, and the ID token carries it", async () => {
      const { app, email } = await tenantUser('policy-acr');
      const agent = createAgent();
      const flow = await authorize(app.config, agent, { acr_values: MFA_ACR });
      const { callback } = await enrolTotp(agent, flow.page, email, (secret) => totp(secret, now));
      assert.ok(callback.url.startsWith(CALLBACK), callback.html.slice(0, 500));
      const claims = (await exchange(app.config, callback.url, flow)).claims()!;
      assert.equal(claims.acr, MFA_ACR);
      assert.deepEqual(claims.amr, ['pwd', 'otp', 'mfa']);
    });
  });
}
