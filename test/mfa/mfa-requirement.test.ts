// The MFA policy as the authorization check runs it on every request with a session: the same
// answers as the rule stated plainly (every combination), with only the statements that decide
// them — none when the tenant is `never` and nothing else can require MFA. Both dialects.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KyselyPlugin } from 'kysely';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { createServices } from '../../src/domain/services.js';
import { SYSTEM_ACTOR } from '../../src/domain/events/actor.js';
import { mfaRequirement, organizationRequiresMfa } from '../../src/domain/mfa/mfa-policy.js';
import { MFA_ACR, type MfaRequirement, type OrganizationMfaPolicy, type TenantMfaPolicy } from '../../src/domain/mfa/mfa.types.js';
import { authorize, createAgent } from '../login/login.fixtures.js';
import { enrolTotp, requiringOrganization, totp } from './mfa.fixtures.js';

/** The rule as it read before it went lazy: every input fetched up front. */
function reference(s: {
  tenant: TenantMfaPolicy;
  organization?: OrganizationMfaPolicy;
  roles: string[];
  connectionId?: string;
  enrolled: boolean;
  proved: string[];
  acrValues?: string;
}): MfaRequirement {
  if (s.proved.some((a) => ['otp', 'hwk', 'swk', 'mfa'].includes(a))) return 'none';
  const required =
    organizationRequiresMfa(s.organization, s.roles, s.connectionId) ||
    s.tenant === 'always' ||
    (s.acrValues?.split(' ').includes(MFA_ACR) ?? false);
  if (required) return s.enrolled ? 'challenge' : 'enrol';
  return s.tenant === 'optional' && s.enrolled ? 'challenge' : 'none';
}

describe('the lazy MFA policy', () => {
  it('answers as the plain rule for every combination', async () => {
    const policies: (OrganizationMfaPolicy | undefined)[] = [
      undefined,
      { require: false, exempt_roles: [], exempt_connections: [] },
      { require: true, exempt_roles: [], exempt_connections: [] },
      { require: true, exempt_roles: ['rol_exempt'], exempt_connections: [] },
      { require: true, exempt_roles: [], exempt_connections: ['con_exempt'] },
      { require: true, exempt_roles: ['rol_exempt'], exempt_connections: ['con_exempt'] },
    ];
    let cases = 0;
    for (const tenant of ['never', 'optional', 'always'] as const)
      for (const organization of policies)
        for (const roles of [[], ['rol_other'], ['rol_exempt', 'rol_other']])
          for (const connectionId of [undefined, 'con_other', 'con_exempt'])
            for (const enrolled of [false, true])
              for (const proved of [[], ['pwd'], ['pwd', 'otp', 'mfa'], ['swk']])
                for (const acrValues of [undefined, 'urn:other', `urn:other ${MFA_ACR}`]) {
                  const situation = { tenant, organization, roles, connectionId, enrolled, proved, acrValues };
                  const lazy = await mfaRequirement({
                    tenant,
                    proved,
                    acrValues,
                    organization: async () => organization,
                    roles: async () => roles,
                    connectionId: async () => connectionId,
                    enrolled: async () => enrolled,
                  });
                  assert.equal(lazy, reference(situation), JSON.stringify(situation));
                  cases += 1;
                }
    assert.equal(cases, 3 * 6 * 3 * 3 * 2 * 4 * 3);
  });

  it('asks for nothing when the tenant is `never` and neither an organization nor acr_values can require MFA', async () => {
    const asked: string[] = [];
    const ask =
      <T>(name: string, value: T) =>
      async () => {
        asked.push(name);
        return value;
      };
    const needed = await mfaRequirement({
      tenant: 'never',
      proved: ['pwd'],
      organization: ask('organization', undefined),
      roles: ask('roles', []),
      connectionId: ask('connection', undefined),
      enrolled: ask('enrolled', true),
    });
    assert.equal(needed, 'none');
    assert.deepEqual(asked, ['organization'], 'only whether an organization was asked for (no query when none was)');
  });
});

for (const dialect of DIALECTS) {
  describe(`the MFA check's statements [${dialect}]`, () => {
    let server: TestServer;
    let statements = 0;
    const counter: KyselyPlugin = {
      transformQuery: (args) => {
        statements += 1;
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    let services: ReturnType<typeof createServices>;
    before(async () => {
      server = await startServer(dialect);
      // A second composition over the same database, counting every statement it sends.
      services = createServices(server.database.db.kysely.withPlugin(counter), server.config, { now: () => new Date() });
    });
    after(async () => {
      services.email.close();
      await server.close();
    });

    const counted = async (run: () => Promise<unknown>) => {
      const before = statements;
      const value = await run();
      return { value, statements: statements - before };
    };

    it('sends no statement under `never` without an organization, one under `optional`, and follows a policy change at once', async () => {
      const made = await requiringOrganization(server, 'hot-path');
      const agent = createAgent();
      await enrolTotp(agent, (await authorize(made.app.config, agent, { organization: made.org.id })).page, made.member.email, (s) =>
        totp(s),
      );
      const userId = made.member.user_id as string;
      const noOrganization = { userId, proved: ['pwd'], connection: async () => ({ id: made.connection.id }) };

      await services.mfa.setTenantPolicy(SYSTEM_ACTOR, 'never');
      await services.mfa.requirement(noOrganization); // reads the policy into the cache
      assert.deepEqual(await counted(() => services.mfa.requirement(noOrganization)), { value: 'none', statements: 0 });
      assert.deepEqual(await counted(() => services.mfa.requirement({ ...noOrganization, proved: ['pwd', 'otp', 'mfa'] })), {
        value: 'none',
        statements: 0,
      });

      await services.mfa.setTenantPolicy(SYSTEM_ACTOR, 'optional');
      await services.mfa.requirement(noOrganization);
      assert.deepEqual(await counted(() => services.mfa.requirement(noOrganization)), { value: 'challenge', statements: 1 });

      // An organization that requires MFA, asked for by name: its row, then the enrolment.
      await services.mfa.setTenantPolicy(SYSTEM_ACTOR, 'never');
      await services.mfa.requirement(noOrganization);
      assert.deepEqual(await counted(() => services.mfa.requirement({ ...noOrganization, organizationId: 'hot-path' })), {
        value: 'challenge',
        statements: 2,
      });
      await services.mfa.setTenantPolicy(SYSTEM_ACTOR, 'optional');
    });
  });
}
