import type { ServiceDeps } from '../services.js';
import type { Actor } from '../events/actor.js';
import { fail } from '../errors.js';
import { readSetting, writeSetting } from '../settings/settings.queries.js';
import type { AuthenticationMethodType } from './mfa.types.js';

/** Auth0's factor names (`/api/v2/guardian/factors/{name}`). */
export const GUARDIAN_FACTORS = [
  'push-notification',
  'sms',
  'email',
  'duo',
  'otp',
  'webauthn-roaming',
  'webauthn-platform',
  'recovery-code',
] as const;
export type GuardianFactorName = (typeof GUARDIAN_FACTORS)[number];

/** The factors Gatehouse has; every one is enabled until the tenant turns it off. */
export const GATEHOUSE_FACTORS = ['otp', 'webauthn-roaming', 'webauthn-platform', 'email', 'recovery-code'] as const;
export type MfaFactor = (typeof GATEHOUSE_FACTORS)[number];

const SETTING = 'mfa_factors';

const isGatehouseFactor = (name: string): name is MfaFactor => (GATEHOUSE_FACTORS as readonly string[]).includes(name);

/** The factor an authentication method belongs to (passkeys are a first factor: none). */
export function factorOfMethod(type: AuthenticationMethodType): MfaFactor | undefined {
  if (type === 'totp') return 'otp';
  return type === 'passkey' ? undefined : type;
}

/**
 * Which second factors the tenant offers. A disabled factor is not offered at enrolment (the
 * login's pages and the My Account API ask `enabledFactors()`, `startTotp` refuses); methods enrolled
 * before stay usable and listed, so that turning a factor off never locks anybody out.
 */
export function createMfaFactors(deps: ServiceDeps) {
  const { db } = deps;
  const stored = async () => (await readSetting<Partial<Record<MfaFactor, boolean>>>(db, SETTING)) ?? {};

  return {
    /** Every factor of Auth0's with its state; those Gatehouse does not have are always off. */
    async factorSettings(): Promise<{ name: GuardianFactorName; enabled: boolean }[]> {
      const set = await stored();
      return GUARDIAN_FACTORS.map((name) => ({ name, enabled: isGatehouseFactor(name) && set[name] !== false }));
    },

    /** The factors a user may enrol now. */
    async enabledFactors(): Promise<MfaFactor[]> {
      const set = await stored();
      return GATEHOUSE_FACTORS.filter((name) => set[name] !== false);
    },

    /** Turns a factor on or off (`mfa_factor_updated`); a factor Gatehouse does not have is refused, named. */
    async setFactor(actor: Actor, name: GuardianFactorName, enabled: boolean): Promise<{ enabled: boolean }> {
      if (!isGatehouseFactor(name))
        fail('operation_not_supported', `The ${name} factor is not supported: Gatehouse offers ${GATEHOUSE_FACTORS.join(', ')}.`);
      await db.transaction().execute(async (trx) => {
        const set = (await readSetting<Partial<Record<MfaFactor, boolean>>>(trx, SETTING)) ?? {};
        await writeSetting(trx, SETTING, { ...set, [name]: enabled });
        await deps.events.record(trx, actor, { type: 'mfa_factor_updated', details: { factor: name, enabled } });
      });
      return { enabled };
    },
  };
}
