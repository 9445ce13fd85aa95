import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RouteOptions } from '../plugin.js';
import { actorOf } from '../actor.js';
import { errorResponses } from '../schemas.js';
import { GUARDIAN_FACTORS } from '../../domain/mfa/mfa-factors.js';
import { fromGuardianPolicies, GUARDIAN_POLICIES, toGuardianPolicies } from './guardian-policies.js';

const tags = ['Guardian'];
const Policies = Type.Array(Type.Enum([...GUARDIAN_POLICIES]), { maxItems: 3 });
const FactorName = Type.Enum([...GUARDIAN_FACTORS]);
const Factor = Type.Object({ name: FactorName, enabled: Type.Boolean(), trial_expired: Type.Boolean() });
const Enabled = Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false });

/** `/guardian/policies` and `/guardian/factors`: the tenant's MFA policy and factors, as in Auth0. */
export const guardianRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { services }) => {
  const { mfa } = services;

  app.get(
    '/guardian/policies',
    {
      config: { scope: 'read:mfa_policies' },
      schema: {
        tags,
        summary: 'Get multi-factor authentication policies',
        description: '`[]`: who enrolled a factor answers it; `["all-applications"]`: every login; `["gatehouse-never"]`: nobody.',
        response: { 200: Policies, ...errorResponses() },
      },
    },
    async () => toGuardianPolicies(await mfa.tenantPolicy()),
  );

  app.put(
    '/guardian/policies',
    {
      config: { scope: 'update:mfa_policies' },
      schema: {
        tags,
        summary: 'Update multi-factor authentication policies',
        description: '`confidence-score` (Adaptive MFA) is refused: Gatehouse does not score logins.',
        body: Policies,
        response: { 200: Policies, ...errorResponses() },
      },
    },
    async (request) => {
      const policy = fromGuardianPolicies(request.body);
      await mfa.setTenantPolicy(actorOf(request), policy);
      return toGuardianPolicies(policy);
    },
  );

  app.get(
    '/guardian/factors',
    {
      config: { scope: 'read:guardian_factors' },
      schema: {
        tags,
        summary: 'Get factors and multi-factor authentication details',
        description: "Every factor of Auth0's; those Gatehouse does not have (sms, push-notification, duo) are disabled.",
        response: { 200: Type.Array(Factor), ...errorResponses() },
      },
    },
    async () => (await mfa.factorSettings()).map((f) => ({ ...f, trial_expired: false })),
  );

  app.put(
    '/guardian/factors/:name',
    {
      config: { scope: 'update:guardian_factors' },
      schema: {
        tags,
        summary: 'Update multi-factor authentication type',
        description: 'A disabled factor is no longer offered at enrolment; methods enrolled before keep working.',
        params: Type.Object({ name: FactorName }),
        body: Enabled,
        response: { 200: Enabled, ...errorResponses() },
      },
    },
    async (request) => mfa.setFactor(actorOf(request), request.params.name, request.body.enabled),
  );
};
