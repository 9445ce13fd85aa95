import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ManagementClient } from 'auth0';
import { DIALECTS } from '../helpers/dialects.js';
import type { TestServer } from '../helpers/start-server.js';
import { startWithSdk } from '../helpers/management-sdk.js';
import { authorize, createAgent, organizationWithMember, registerApp, signInWithPassword } from '../login/login.fixtures.js';
import { totp } from './mfa.fixtures.js';

/** The SDK's error for a refused call: status and Auth0's body. */
async function refused(call: Promise<unknown>): Promise<{ statusCode: number; body: { errorCode?: string; message?: string } }> {
  try {
    await call;
  } catch (error) {
    return error as { statusCode: number; body: { errorCode?: string; message?: string } };
  }
  throw new Error('the call succeeded');
}

// The tenant's MFA policy and factors through the `auth0` SDK's ManagementClient, unchanged.
for (const dialect of DIALECTS) {
  describe(`guardian policies and factors through the auth0 SDK [${dialect}]`, () => {
    let server: TestServer;
    let management: ManagementClient;
    before(async () => {
      ({ server, management } = await startWithSdk(dialect));
    });
    after(async () => {
      await server.close();
    });

    const actions = async () => {
      const logs = await server.api('GET', '/logs?per_page=100');
      return (logs.body as { details?: { action?: string; policy?: string; factor?: string; enabled?: boolean } }[]).map((l) => l.details);
    };

    it('reads [] by default, and ["all-applications"] makes every login ask for a second factor', async () => {
      assert.deepEqual(await management.guardian.policies.list(), []);
      assert.deepEqual(await management.guardian.policies.set(['all-applications']), ['all-applications']);
      assert.deepEqual(await management.guardian.policies.list(), ['all-applications']);
      assert.equal(await server.app.services.mfa.tenantPolicy(), 'always');

      // A member of an organization with no MFA policy of its own: the tenant's policy asks.
      const { org } = await organizationWithMember(server, 'guardian-always');
      const app = await registerApp(server, { organization_usage: 'allow' });
      const agent = createAgent();
      const page = await signInWithPassword(
        agent,
        (await authorize(app.config, agent, { organization: org.id })).page,
        'member@guardian-always.example',
      );
      assert.match(page.html, /Set up two-step verification/);

      assert.deepEqual(await management.guardian.policies.set([]), []);
      assert.equal(await server.app.services.mfa.tenantPolicy(), 'optional');
      const recorded = (await actions()).filter((d) => d?.action === 'mfa_policy_updated').map((d) => d?.policy);
      assert.deepEqual(recorded.slice(0, 2).sort(), ['always', 'optional']);
    });

    it('maps Gatehouse\'s "never" to ["gatehouse-never"] and back', async () => {
      await management.guardian.policies.set(['gatehouse-never' as never]);
      assert.equal(await server.app.services.mfa.tenantPolicy(), 'never');
      assert.deepEqual(await management.guardian.policies.list(), ['gatehouse-never']);
      await management.guardian.policies.set([]);
    });

    it('refuses confidence-score (Adaptive MFA), naming it, and leaves the policy as it was', async () => {
      await management.guardian.policies.set(['all-applications']);
      const error = await refused(management.guardian.policies.set(['confidence-score']));
      assert.equal(error.statusCode, 400);
      assert.equal(error.body.errorCode, 'operation_not_supported');
      assert.match(error.body.message ?? '', /confidence-score/);
      assert.deepEqual(await management.guardian.policies.list(), ['all-applications']);
      await management.guardian.policies.set([]);
    });

    it('refuses two policies at once and an unknown one, naming the rule', async () => {
      const both = await server.api('PUT', '/guardian/policies', ['all-applications', 'gatehouse-never']);
      assert.equal(both.status, 400);
      assert.equal(both.body.errorCode, 'invalid_body');
      assert.match(both.body.message, /mutually exclusive/);
      const unknown = await server.api('PUT', '/guardian/policies', ['sometimes']);
      assert.equal(unknown.status, 400);
      assert.equal(unknown.body.errorCode, 'invalid_body');
    });

    it("lists Auth0's factors, with those Gatehouse lacks disabled", async () => {
      const factors = await management.guardian.factors.list();
      const state = Object.fromEntries(factors.map((f) => [f.name, f.enabled]));
      assert.deepEqual(state, {
        'push-notification': false,
        sms: false,
        email: true,
        duo: false,
        otp: true,
        'webauthn-roaming': true,
        'webauthn-platform': true,
        'recovery-code': true,
      });
    });

    it('refuses to enable a factor Gatehouse does not have, naming it', async () => {
      const error = await refused(management.guardian.factors.set('sms', { enabled: true }));
      assert.equal(error.statusCode, 400);
      assert.equal(error.body.errorCode, 'operation_not_supported');
      assert.match(error.body.message ?? '', /sms/);
      const unknown = await server.api('PUT', '/guardian/factors/carrier-pigeon', { enabled: true });
      assert.equal(unknown.status, 400);
      const noFlag = await server.api('PUT', '/guardian/factors/otp', {});
      assert.equal(noFlag.status, 400);
      assert.match(noFlag.body.message, /enabled/);
    });

    it('a disabled factor is not offered at enrolment, and turning it on again offers it', async () => {
      assert.deepEqual(await management.guardian.factors.set('otp', { enabled: false }), { enabled: false });
      const factors = await management.guardian.factors.list();
      assert.equal(factors.find((f) => f.name === 'otp')?.enabled, false);
      const { mfa } = server.app.services;
      assert.ok(!(await mfa.enabledFactors()).includes('otp'));
      const { member } = await organizationWithMember(server, 'guardian-factor');
      await assert.rejects(mfa.startTotp(member.user_id, server.url), (e: { code?: string }) => e.code === 'mfa_factor_disabled');

      await management.guardian.factors.set('otp', { enabled: true });
      assert.ok((await mfa.enabledFactors()).includes('otp'));
      assert.match((await mfa.startTotp(member.user_id, server.url)).uri, /^otpauth:\/\/totp\//);
      const recorded = (await actions()).filter((d) => d?.action === 'mfa_factor_updated');
      assert.deepEqual(
        recorded.slice(0, 2).map((d) => [d?.factor, d?.enabled]),
        [
          ['otp', true],
          ['otp', false],
        ],
      );
    });

    it('enrolment during login follows the switches: no TOTP sends to the security key, no keys hides their link', async () => {
      await management.guardian.policies.set(['all-applications']);
      const { org } = await organizationWithMember(server, 'guardian-switches');
      const app = await registerApp(server, { organization_usage: 'allow' });
      const enrolPage = async () => {
        const agent = createAgent();
        const flow = await authorize(app.config, agent, { organization: org.id });
        return (await signInWithPassword(agent, flow.page, 'member@guardian-switches.example')).html;
      };
      try {
        await management.guardian.factors.set('otp', { enabled: false });
        assert.match(await enrolPage(), /Set up a security key/);

        await management.guardian.factors.set('otp', { enabled: true });
        await management.guardian.factors.set('webauthn-roaming', { enabled: false });
        await management.guardian.factors.set('webauthn-platform', { enabled: false });
        const totpOnly = await enrolPage();
        assert.match(totpOnly, /Set up two-step verification/);
        assert.doesNotMatch(totpOnly, /use a security key/);
        assert.match(totpOnly, /create a passkey/, 'passkeys are a first factor, not switched');
      } finally {
        await management.guardian.factors.set('webauthn-roaming', { enabled: true });
        await management.guardian.factors.set('webauthn-platform', { enabled: true });
        await management.guardian.factors.set('otp', { enabled: true });
        await management.guardian.policies.set([]);
      }
    });

    it('with recovery codes off, a first enrolment creates none', async () => {
      await management.guardian.factors.set('recovery-code', { enabled: false });
      const { mfa } = server.app.services;
      const { member } = await organizationWithMember(server, 'guardian-recovery');
      const started = await mfa.startTotp(member.user_id, server.url);
      const { recoveryCodes } = await mfa.confirmTotp(
        { ip: '127.0.0.1' },
        { userId: member.user_id },
        started.id,
        await totp(started.secret),
      );
      assert.deepEqual(recoveryCodes, []);
      assert.deepEqual(
        (await mfa.list(member.user_id)).map((m) => m.type),
        ['totp'],
      );
      await management.guardian.factors.set('recovery-code', { enabled: true });
    });

    it('asks for the guardian scopes', async () => {
      const token = await server.token(['read:users']);
      for (const [method, path, body] of [
        ['GET', '/guardian/policies'],
        ['PUT', '/guardian/policies', []],
        ['GET', '/guardian/factors'],
        ['PUT', '/guardian/factors/otp', { enabled: false }],
      ] as const) {
        const response = await server.api(method, path, body, token);
        assert.equal(response.status, 403, `${method} ${path}`);
        assert.equal(response.body.errorCode, 'insufficient_scope');
      }
      assert.ok((await server.app.services.mfa.enabledFactors()).includes('otp'), 'nothing changed');
    });
  });
}
