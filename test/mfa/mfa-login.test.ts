import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import type { Clock } from '../../src/domain/shared/clock.js';
import {
  CALLBACK,
  authorize,
  createAgent,
  exchange,
  organizationWithMember,
  registerApp,
  signInWithPassword,
} from '../login/login.fixtures.js';
import type { Agent, Page } from '../helpers/browser-agent.js';
import { enrolTotp, post, requiringOrganization as requiring, totp } from './mfa.fixtures.js';

for (const dialect of DIALECTS) {
  describe(`MFA in the hosted login [${dialect}]`, () => {
    let server: TestServer;
    // The services' clock, moved by hand: TOTP steps and the lockout window without sleeping.
    let now = Date.now();
    const clock: Clock = { now: () => new Date(now) };
    const code = (secret: string) => totp(secret, now);

    before(async () => {
      server = await startServer(dialect, { clock });
    });
    after(async () => {
      await server.close();
    });

    const requiringOrganization = (name: string, policy: Record<string, unknown> = {}) => requiring(server, name, policy);
    const enrol = (agent: Agent, first: Page, email: string) => enrolTotp(agent, first, email, code);

    it('makes a member enrol TOTP and puts pwd, otp and mfa in the ID and access tokens', async () => {
      const { org, app } = await requiringOrganization('totp-enrol');
      const api = await server.api('POST', '/resource-servers', { name: 'MFA API', identifier: 'https://api.mfa.example' });
      assert.equal(api.status, 201, JSON.stringify(api.body));
      const agent = createAgent();
      const flow = await authorize(app.config, agent, { organization: org.id, audience: 'https://api.mfa.example' });
      const { callback } = await enrol(agent, flow.page, 'member@totp-enrol.example');
      assert.ok(callback.url.startsWith(CALLBACK), callback.html);
      const tokens = await exchange(app.config, callback.url, flow);
      assert.deepEqual(tokens.claims()!.amr, ['pwd', 'otp', 'mfa']);
      const access = JSON.parse(Buffer.from(tokens.access_token.split('.')[1], 'base64url').toString());
      assert.deepEqual(access.amr, ['pwd', 'otp', 'mfa']);
    });

    it('challenges an enrolled member, refuses the same code twice, and accepts the next step', async () => {
      const { org, app } = await requiringOrganization('totp-replay');
      const email = 'member@totp-replay.example';
      const first = createAgent();
      const { secret } = await enrol(first, (await authorize(app.config, first, { organization: org.id })).page, email);
      const agent = createAgent();
      const flow = await authorize(app.config, agent, { organization: org.id });
      const challenge = await signInWithPassword(agent, flow.page, email);
      assert.match(challenge.html, /Verify your identity/);
      const replayed = await post(agent, challenge, { code: await code(secret) });
      assert.equal(replayed.status, 401);
      assert.match(replayed.html, /used already/);
      now += 30_000;
      const callback = await post(agent, replayed, { code: await code(secret) });
      assert.ok(callback.url.startsWith(CALLBACK), callback.html);
      assert.deepEqual((await exchange(app.config, callback.url, flow)).claims()!.amr, ['pwd', 'otp', 'mfa']);
    });

    it('locks the second factor after five wrong codes, and records the lockout', async () => {
      const { org, app, member } = await requiringOrganization('totp-lockout');
      const email = 'member@totp-lockout.example';
      const first = createAgent();
      const { secret } = await enrol(first, (await authorize(app.config, first, { organization: org.id })).page, email);
      now += 30_000;
      const agent = createAgent();
      let page = await signInWithPassword(agent, (await authorize(app.config, agent, { organization: org.id })).page, email);
      for (let i = 0; i < 5; i += 1) {
        page = await post(agent, page, { code: '000000' === (await code(secret)) ? '111111' : '000000' });
        assert.equal(page.status, 401, `wrong code ${i + 1}`);
      }
      page = await post(agent, page, { code: await code(secret) });
      assert.equal(page.status, 429, 'even the right code, once locked');
      assert.match(page.html, /locked/);
      const logs = await server.api('GET', `/logs?q=${encodeURIComponent(`user_id:"${member.user_id}"`)}&per_page=50`);
      const types = (logs.body as { type: string }[]).map((l) => l.type);
      assert.equal(types.filter((t) => t === 'gd_auth_failed').length, 5, JSON.stringify(types));
      assert.ok(types.includes('gd_otp_rate_limit_exceed'), JSON.stringify(types));
      now += 15 * 60_000;
      const callback = await post(agent, page, { code: await code(secret) });
      assert.ok(callback.url.startsWith(CALLBACK), 'the window over, the right code signs in');
    });

    it('signs in with a recovery code once, and refuses it the second time', async () => {
      const { org, app } = await requiringOrganization('recovery');
      const email = 'member@recovery.example';
      const first = createAgent();
      const { codes } = await enrol(first, (await authorize(app.config, first, { organization: org.id })).page, email);
      const signInWithRecoveryCode = async (recoveryCode: string) => {
        const agent = createAgent();
        const flow = await authorize(app.config, agent, { organization: org.id });
        const challenge = await signInWithPassword(agent, flow.page, email);
        const href = /href="([^"]+\/mfa\/recovery)"/.exec(challenge.html)![1];
        const form = await agent.go(new URL(href, server.url).toString());
        assert.match(form.html, /Use a recovery code/);
        return { flow, page: await post(agent, form, { code: recoveryCode.toLowerCase() }) };
      };
      const used = await signInWithRecoveryCode(codes[3]);
      assert.ok(used.page.url.startsWith(CALLBACK), used.page.html);
      assert.deepEqual((await exchange(app.config, used.page.url, used.flow)).claims()!.amr, ['pwd', 'mfa']);
      const again = await signInWithRecoveryCode(codes[3]);
      assert.equal(again.page.status, 401);
    });

    it('does not ask a member holding an exempt role', async () => {
      const role = (await server.api('POST', '/roles', { name: 'mfa-exempt-robot' })).body;
      const made = await organizationWithMember(server, 'exempt-role');
      await server.api('POST', `/organizations/${made.org.id}/members/${made.member.user_id}/roles`, { roles: [role.id] });
      const patched = await server.api('PATCH', `/organizations/${made.org.id}`, {
        gatehouse_mfa_policy: { require: true, exempt_roles: [role.id] },
      });
      assert.equal(patched.status, 200, JSON.stringify(patched.body));
      const app = await registerApp(server, { organization_usage: 'allow' });
      const agent = createAgent();
      const flow = await authorize(app.config, agent, { organization: made.org.id });
      const callback = await signInWithPassword(agent, flow.page, 'member@exempt-role.example');
      assert.ok(callback.url.startsWith(CALLBACK), callback.html.slice(0, 500));
      assert.deepEqual((await exchange(app.config, callback.url, flow)).claims()!.amr, ['pwd']);
    });

    it('refuses an exemption naming no role, with the field and the rule', async () => {
      const { org } = await organizationWithMember(server, 'bad-exemption');
      const res = await server.api('PATCH', `/organizations/${org.id}`, { gatehouse_mfa_policy: { exempt_roles: ['rol_nope'] } });
      assert.equal(res.status, 400);
      assert.match(res.body.message, /gatehouse_mfa_policy\.exempt_roles/);
      assert.match(res.body.message, /No role found by that id: rol_nope/);
    });

    it('answers prompt=none into an organization that requires MFA with interaction_required', async () => {
      const open = await organizationWithMember(server, 'no-mfa');
      const strict = await requiringOrganization('strict');
      await server.api('POST', `/organizations/${strict.org.id}/members`, { members: [open.member.user_id] });
      await server.api('POST', `/organizations/${strict.org.id}/enabled_connections`, { connection_id: open.connection.id });
      const agent = createAgent();
      const flow = await authorize(strict.app.config, agent, { organization: open.org.id });
      const callback = await signInWithPassword(agent, flow.page, 'member@no-mfa.example');
      assert.ok(callback.url.startsWith(CALLBACK), callback.html.slice(0, 500));
      const silent = await authorize(strict.app.config, agent, { organization: strict.org.id, prompt: 'none' });
      const url = new URL(silent.page.url);
      assert.equal(url.searchParams.get('error'), 'interaction_required', silent.page.url);
    });
  });
}
