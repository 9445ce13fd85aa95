import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { ServiceDeps } from '../services.js';
import type { Actor } from '../events/actor.js';
import { fail } from '../errors.js';
import { revokeUserAccess } from '../access/access-revocation.js';
import { iso } from '../shared/clock.js';
import { findOrganizationRow, findOrganizationRowByName, toOrganization } from '../organizations/organizations.queries.js';
import { readSetting } from '../settings/settings.queries.js';
import { createFactorThrottle, type FactorSubject, factorSubject } from './factor-throttle.js';
import { createSignInEvents, type SignInAttempt } from '../sign-in/sign-in-events.js';
import { createSecretBox } from './secret-box.js';
import { newTotpSecret, totpUri, verifyTotp } from './totp.js';
import { hashRecoveryCode } from './recovery-codes.js';
import { type Lazy, mfaRequirement } from './mfa-policy.js';
import { hasChallengeableFactor } from './enrolment.queries.js';
import { createMfaFactors } from './mfa-factors.js';
import { insertRecoveryCodes, methodId, methodRow, methodRows, organizationRoles, toAuthenticationMethod } from './mfa.queries.js';
import type { AuthenticationMethod, MfaRequirement, TenantMfaPolicy } from './mfa.types.js';

export { MFA_THROTTLE, type FactorSubject } from './factor-throttle.js';
const TENANT_POLICY_SETTING = 'mfa_policy';
const TENANT_POLICY_CACHE_KEY = 'settings:mfa_policy';

/**
 * Second factors: the MFA policy (tenant and organization), enrolment, challenges and removal.
 * Every wrong code counts against one throttle per user (every factor alike), and every outcome is
 * an event (Auth0's `gd_*` codes).
 */
export function createMfaService(deps: ServiceDeps) {
  const { db, clock } = deps;
  const signInEvents = createSignInEvents(deps.events);
  const box = createSecretBox(db);
  const throttled = createFactorThrottle(deps, signInEvents);
  // WebAuthn credentials are scoped to the relying party: the issuer's host (webauthn.service.ts).
  const relyingPartyId = new URL(deps.issuer).hostname;
  const subjectOf = factorSubject;
  const createRecoveryCodes = (trx: Kysely<Database>, userId: string) => insertRecoveryCodes(trx, userId, iso(clock.now()));
  const factorSwitches = createMfaFactors(deps);

  /**
   * An administrator removes a factor when a device is lost or stolen: the sessions and refresh
   * tokens that factor may have opened end with it, as after a password change. A user removing
   * their own factor keeps the session they are using.
   */
  async function revokeUnlessSelf(trx: Kysely<Database>, actor: Actor, userId: string) {
    if (!(actor.type === 'user' && actor.id === userId)) await revokeUserAccess(trx, userId);
  }

  async function userExists(userId: string) {
    const row = await db.selectFrom('users').select(['id', 'email']).where('id', '=', userId).executeTakeFirst();
    if (!row) fail('inexistent_user', 'The user does not exist.');
    return row;
  }

  return {
    ...factorSwitches,

    /**
     * The tenant's policy (`optional` until set: who enrolled is challenged). Read through the
     * configuration cache: the authorization check asks for it on every request with a session.
     */
    tenantPolicy: (): Promise<TenantMfaPolicy> =>
      deps.configCache.get(
        TENANT_POLICY_CACHE_KEY,
        async () => (await readSetting<TenantMfaPolicy>(db, TENANT_POLICY_SETTING)) ?? 'optional',
      ),

    /** Sets the tenant's policy. */
    async setTenantPolicy(actor: Actor, policy: TenantMfaPolicy): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('settings')
          .values({ key: TENANT_POLICY_SETTING, value: JSON.stringify(policy) })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(policy) }))
          .execute();
        await deps.events.record(trx, actor, { type: 'mfa_policy_updated', details: { policy } });
      });
      // After the commit: this process's next authorization reads the new policy.
      deps.configCache.clear();
    },

    /**
     * The MFA step this login needs (mfa-policy.ts), from the policies, the user's factors and what
     * the login proved. The organization (id or name) and the connection may be given lazily: they
     * are looked up, like the roles and the enrolment, only when the answer depends on them.
     */
    async requirement(input: {
      userId: string;
      organizationId?: string | Lazy<string | undefined>;
      connection?: { id: string } | Lazy<{ id: string } | undefined>;
      proved: string[];
      acrValues?: string;
    }): Promise<MfaRequirement> {
      const once = <T>(load: Lazy<T>): Lazy<T> => {
        let value: Promise<T> | undefined;
        return () => (value ??= load());
      };
      const organizationId = once(async () =>
        typeof input.organizationId === 'function' ? await input.organizationId() : input.organizationId,
      );
      const row = once(async () => {
        const wanted = await organizationId();
        if (!wanted) return undefined;
        return wanted.startsWith('org_') ? findOrganizationRow(db, wanted) : findOrganizationRowByName(db, wanted.toLowerCase());
      });
      return mfaRequirement({
        tenant: await this.tenantPolicy(),
        proved: input.proved,
        acrValues: input.acrValues,
        organization: async () => {
          const found = await row();
          return found ? toOrganization(found).gatehouse_mfa_policy : undefined;
        },
        roles: async () => {
          const found = await row();
          return found ? organizationRoles(db, found.id, input.userId) : [];
        },
        connectionId: async () => (typeof input.connection === 'function' ? await input.connection() : input.connection)?.id,
        enrolled: () => hasChallengeableFactor(db, input.userId),
      });
    },

    /** Which confirmed factors the user can be challenged with. */
    async factors(userId: string): Promise<{ totp: boolean; webauthn: boolean; recoveryCodes: number }> {
      const rows = (await methodRows(db, userId)).filter((r) => r.confirmed === 1);
      const recovery = rows.find((r) => r.type === 'recovery-code');
      const left = recovery
        ? await db
            .selectFrom('recovery_codes')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('method_id', '=', recovery.id)
            .where('used_at', 'is', null)
            .executeTakeFirstOrThrow()
        : { n: 0 };
      return {
        totp: rows.some((r) => r.type === 'totp'),
        // A passkey proves a second factor too: it is challenged like a security key.
        webauthn: rows.some((r) => r.credential_id !== null),
        recoveryCodes: Number(left.n),
      };
    },

    /** The user's authentication methods in Auth0's shape; throws inexistent_user. */
    async list(userId: string, rpId = relyingPartyId): Promise<AuthenticationMethod[]> {
      await userExists(userId);
      return (await methodRows(db, userId)).map((r) => toAuthenticationMethod(r, rpId));
    },

    /**
     * Starts a TOTP enrolment: a new secret, stored encrypted on an unconfirmed method (replacing an
     * unfinished one), and the otpauth URI for the QR code. The code typed next confirms it.
     */
    async startTotp(userId: string, issuer: string): Promise<{ id: string; secret: string; uri: string }> {
      const user = await userExists(userId);
      if (!(await factorSwitches.enabledFactors()).includes('otp'))
        fail('mfa_factor_disabled', 'One-time codes from an authenticator app are turned off for this tenant.');
      const secret = newTotpSecret();
      const id = methodId('totp');
      const sealed = await box.seal(secret);
      await db.transaction().execute(async (trx) => {
        await trx
          .deleteFrom('authentication_methods')
          .where('user_id', '=', userId)
          .where('type', '=', 'totp')
          .where('confirmed', '=', 0)
          .execute();
        await trx
          .insertInto('authentication_methods')
          .values({ id, user_id: userId, type: 'totp', confirmed: 0, secret_encrypted: sealed, created_at: iso(clock.now()) })
          .execute();
      });
      return { id, secret, uri: totpUri(secret, issuer, user.email ?? userId) };
    },

    /**
     * Confirms a TOTP enrolment with its first code (`gd_enrollment_complete`) and, the first time a
     * user enrols, creates their recovery codes: returned to be shown once, never readable again.
     */
    async confirmTotp(attempt: SignInAttempt, subject: FactorSubject, id: string, code: string): Promise<{ recoveryCodes: string[] }> {
      const row = await methodRow(db, subject.userId, id);
      if (row?.type !== 'totp' || row.confirmed === 1 || !row.secret_encrypted)
        fail('inexistent_authentication_method', 'This enrolment is no longer in progress. Start again.');
      const secret = await box.open(row.secret_encrypted);
      const step = await throttled(attempt, subject, { failed: 'gd_auth_failed', limited: 'gd_otp_rate_limit_exceed' }, () =>
        verifyTotp(secret, code.trim(), clock.now(), undefined),
      );
      // Read before the transaction: SQLite's one connection is the transaction's until it ends.
      const withRecoveryCodes = (await factorSwitches.enabledFactors()).includes('recovery-code');
      return db.transaction().execute(async (trx) => {
        await trx
          .updateTable('authentication_methods')
          .set({ confirmed: 1, last_step: step, last_auth_at: iso(clock.now()) })
          .where('id', '=', id)
          .execute();
        const recoveryCodes = withRecoveryCodes ? await createRecoveryCodes(trx, subject.userId) : [];
        await signInEvents.succeeded(trx, attempt, 'gd_enrollment_complete', subjectOf(subject), { authenticator: { type: 'totp' } });
        return { recoveryCodes };
      });
    },

    /**
     * A TOTP challenge (`gd_auth_succeed`). The step accepted is stored with a conditional update,
     * so the same code — or an older one — is refused afterwards, even by a concurrent request.
     */
    async challengeTotp(attempt: SignInAttempt, subject: FactorSubject, code: string): Promise<void> {
      const rows = (await methodRows(db, subject.userId)).filter((r) => r.type === 'totp' && r.confirmed === 1);
      await throttled(attempt, subject, { failed: 'gd_auth_failed', limited: 'gd_otp_rate_limit_exceed' }, async () => {
        for (const row of rows) {
          const last = row.last_step === null ? undefined : Number(row.last_step);
          const step = await verifyTotp(await box.open(row.secret_encrypted!), code.trim(), clock.now(), last);
          if (step === undefined) continue;
          const taken = await db
            .updateTable('authentication_methods')
            .set({ last_step: step, last_auth_at: iso(clock.now()) })
            .where('id', '=', row.id)
            .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
            .executeTakeFirst();
          if (taken.numUpdatedRows > 0n) return row.id;
        }
        return undefined;
      });
      await signInEvents.succeeded(db, attempt, 'gd_auth_succeed', subjectOf(subject), { authenticator: { type: 'totp' } });
    },

    /** A recovery code, used up by the one statement that accepts it (`gd_recovery_succeed`). */
    async useRecoveryCode(attempt: SignInAttempt, subject: FactorSubject, code: string): Promise<{ left: number }> {
      await throttled(attempt, subject, { failed: 'gd_recovery_failed', limited: 'gd_recovery_rate_limit_exceed' }, async () => {
        const used = await db
          .updateTable('recovery_codes')
          .set({ used_at: iso(clock.now()) })
          .where('code_hash', '=', hashRecoveryCode(code))
          .where('used_at', 'is', null)
          .where('method_id', 'in', (eb) =>
            eb.selectFrom('authentication_methods').select('id').where('user_id', '=', subject.userId).where('type', '=', 'recovery-code'),
          )
          .executeTakeFirst();
        return used.numUpdatedRows > 0n ? true : undefined;
      });
      const left = (await this.factors(subject.userId)).recoveryCodes;
      await signInEvents.succeeded(db, attempt, 'gd_recovery_succeed', subjectOf(subject), { recovery_codes_left: left });
      return { left };
    },

    /** Removes one method (`gd_unenroll`); removing the last factor also removes the recovery codes. */
    async remove(actor: Actor, userId: string, id: string): Promise<void> {
      await userExists(userId);
      await db.transaction().execute(async (trx) => {
        const row = await methodRow(trx, userId, id);
        if (!row) fail('inexistent_authentication_method', 'The authentication method does not exist.');
        await trx.deleteFrom('authentication_methods').where('id', '=', id).execute();
        const left = await trx
          .selectFrom('authentication_methods')
          .select('id')
          .where('user_id', '=', userId)
          .where('type', '!=', 'recovery-code')
          .where('confirmed', '=', 1)
          .execute();
        if (left.length === 0) await trx.deleteFrom('authentication_methods').where('user_id', '=', userId).execute();
        await revokeUnlessSelf(trx, actor, userId);
        await deps.events.record(trx, actor, {
          type: 'gd_unenroll',
          userId,
          details: { authentication_method_id: id, type: row.type },
        });
      });
    },

    /** One method in Auth0's shape; throws inexistent_user, inexistent_authentication_method. */
    async get(userId: string, id: string, rpId = relyingPartyId): Promise<AuthenticationMethod> {
      await userExists(userId);
      const row = await methodRow(db, userId, id);
      if (!row) fail('inexistent_authentication_method', 'The authentication method does not exist.');
      return toAuthenticationMethod(row, rpId);
    },

    /**
     * Auth0's "forget the browsers that skip MFA". Gatehouse remembers no browser (every login that
     * needs a second factor asks for it), so there is nothing to forget: the user is checked, and the
     * call succeeds as Auth0's does.
     */
    async invalidateRememberBrowser(userId: string): Promise<void> {
      await userExists(userId);
    },

    /** Removes every method of the user (`gd_unenroll`, all: true). */
    async removeAll(actor: Actor, userId: string): Promise<void> {
      await userExists(userId);
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('authentication_methods').where('user_id', '=', userId).execute();
        await revokeUnlessSelf(trx, actor, userId);
        await deps.events.record(trx, actor, { type: 'gd_unenroll', userId, details: { all: true } });
      });
    },
  };
}

export type MfaService = ReturnType<typeof createMfaService>;
