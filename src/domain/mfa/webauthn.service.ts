import { createHash } from 'node:crypto';
import type {
  AuthenticationResponseJSON,
  AuthenticatorTransportFuture,
  CredentialDeviceType,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { ServiceDeps } from '../services.js';
import { DomainError, fail } from '../errors.js';
import { iso } from '../shared/clock.js';
import { parseJson } from '../shared/json.js';
import { isDatabase } from '../connections/connections.types.js';
import { loginConnections, type LoginConnection } from '../sign-in/login-connections.js';
import { ssoRequiredError, ssoRequirementFor } from '../organization-domains/sso-enforcement.js';
import { createSignInEvents, type SignInAttempt } from '../sign-in/sign-in-events.js';
import { createMfaFactors } from './mfa-factors.js';
import { createFactorThrottle, type FactorSubject, factorSubject } from './factor-throttle.js';
import { createChallengeStore } from './webauthn-challenges.js';
import { databaseIdentity, insertRecoveryCodes, methodByCredential, methodId, methodRows } from './mfa.queries.js';
import type { AuthenticationMethodRow } from '../../db/schema/authentication-methods.table.js';

// Loaded on first use: with its COSE and ASN.1 dependencies the library is the heaviest import of
// start-up (0.4 s of CPU), for factors a deployment may never turn on.
let library: Promise<typeof import('@simplewebauthn/server')> | undefined;
const simpleWebAuthn = () => (library ??= import('@simplewebauthn/server'));

/** What a credential is enrolled as: a second factor (security key or platform authenticator), or a passkey. */
export type CredentialKind = 'second-factor' | 'passkey';

const WRONG_ASSERTION = 'That security key or passkey was not accepted. Try again, or use another way to verify.';
const EXPIRED = 'This request expired or was used already. Try again.';

/**
 * RFC 8176 for a WebAuthn proof: `hwk` for a key bound to its device (a security key, a TPM or
 * secure enclave credential: the authenticator reports it cannot be backed up), `swk` for a
 * synced one (backup eligible: the private key can leave the hardware).
 */
export const keyAmr = (deviceType: CredentialDeviceType) => (deviceType === 'singleDevice' ? 'hwk' : 'swk');

/** A credential as the browser posted it (JSON text), or undefined when it is not one. */
function parseCredential<T extends RegistrationResponseJSON | AuthenticationResponseJSON>(text: string): T | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { id, rawId, type, response } = value as Record<string, unknown>;
  if (typeof id !== 'string' || id !== rawId || type !== 'public-key' || typeof response !== 'object' || response === null)
    return undefined;
  return value as T;
}

/** The challenge's bytes for the options: the library encodes a string challenge as UTF-8 text, not base64url. */
const bytesOf = (challenge: string) => new Uint8Array(Buffer.from(challenge, 'base64url'));

const credentialOf = (row: AuthenticationMethodRow) => ({
  id: row.credential_id!,
  publicKey: Buffer.from(row.public_key!, 'base64url'),
  counter: Number(row.counter ?? 0),
  transports: parseJson<AuthenticatorTransportFuture[]>(row.transports, []),
});

/**
 * WebAuthn (W3C Web Authentication Level 2, through @simplewebauthn/server): security keys and
 * platform authenticators as a second factor, and passkeys (discoverable credentials with user
 * verification) as a first factor. The relying party is the issuer: its host is the RP id, its
 * origin the only origin accepted. Challenges are single-use and bound to the login interaction
 * (webauthn-challenges.ts); the signature counter only moves forward.
 */
export function createWebAuthnService(deps: ServiceDeps) {
  const { db, clock } = deps;
  const issuer = new URL(deps.issuer);
  const rp = { id: issuer.hostname, origin: issuer.origin };
  const signInEvents = createSignInEvents(deps.events);
  const throttled = createFactorThrottle(deps, signInEvents);
  const challenges = createChallengeStore(db, clock);
  const factorSwitches = createMfaFactors(deps);

  async function userOf(userId: string) {
    const row = await db.selectFrom('users').select(['id', 'email', 'blocked']).where('id', '=', userId).executeTakeFirst();
    if (!row) fail('inexistent_user', 'The user does not exist.');
    return row;
  }

  const credentialRows = async (userId: string) =>
    (await methodRows(db, userId)).filter((r) => r.credential_id !== null && r.confirmed === 1);

  /**
   * Stores the counter the authenticator reported. The update lands only while the stored counter
   * is still lower (or both are zero: authenticators without a counter), so two assertions racing
   * with the same counter cannot both pass.
   */
  async function advanceCounter(row: AuthenticationMethodRow, counter: number): Promise<boolean> {
    const result = await db
      .updateTable('authentication_methods')
      .set({ counter, last_auth_at: iso(clock.now()) })
      .where('id', '=', row.id)
      .where((eb) => (counter === 0 ? eb('counter', '=', 0) : eb('counter', '<', counter)))
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Verifies an assertion of a stored credential against the challenge; undefined when it fails. */
  async function verifyAssertion(
    row: AuthenticationMethodRow,
    response: AuthenticationResponseJSON,
    challenge: string,
    requireUv: boolean,
  ) {
    const { verifyAuthenticationResponse } = await simpleWebAuthn();
    try {
      const { verified, authenticationInfo } = await verifyAuthenticationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: rp.origin,
        expectedRPID: rp.id,
        credential: credentialOf(row),
        requireUserVerification: requireUv,
      });
      if (!verified || !(await advanceCounter(row, authenticationInfo.newCounter))) return undefined;
      return authenticationInfo;
    } catch {
      // A bad signature, origin, RP id, flags, or a counter that did not move forward: all one refusal.
      return undefined;
    }
  }

  return {
    /** The relying party: the issuer's host and origin. */
    relyingParty: rp,

    /**
     * Options for enrolling a credential (navigator.credentials.create), with a fresh challenge bound
     * to the interaction. A passkey must be discoverable and verify the user; a second factor need not.
     * The user's credentials are excluded, so one authenticator is enrolled once.
     */
    async registrationOptions(
      interactionUid: string,
      userId: string,
      kind: CredentialKind,
      rpName: string,
    ): Promise<PublicKeyCredentialCreationOptionsJSON> {
      const user = await userOf(userId);
      const challenge = await challenges.issue(interactionUid, 'register', userId);
      return (await simpleWebAuthn()).generateRegistrationOptions({
        rpName,
        rpID: rp.id,
        // A stable, opaque handle: the same user enrolling again on one authenticator replaces its passkey.
        userID: createHash('sha256').update(userId).digest(),
        userName: user.email ?? userId,
        challenge: bytesOf(challenge),
        attestationType: 'none',
        excludeCredentials: (await credentialRows(userId)).map((r) => ({ id: r.credential_id!, transports: credentialOf(r).transports })),
        authenticatorSelection:
          kind === 'passkey'
            ? { residentKey: 'required', requireResidentKey: true, userVerification: 'required' }
            : { residentKey: 'discouraged', userVerification: 'discouraged' },
      });
    },

    /**
     * Enrols the credential the browser created (`gd_enrollment_complete`; `gd_webauthn_enrollment_failed`
     * when it does not verify). A second factor is typed `webauthn-platform` or `webauthn-roaming` by
     * its attachment. The first factor a user enrols also creates their recovery codes, returned once.
     */
    async enrol(
      attempt: SignInAttempt,
      subject: FactorSubject,
      interactionUid: string,
      kind: CredentialKind,
      credential: string,
    ): Promise<{ id: string; type: string; amr: string; recoveryCodes: string[] }> {
      const issued = await challenges.take(interactionUid, 'register');
      const response = parseCredential<RegistrationResponseJSON>(credential);
      const refuse = async (message: string) => {
        const error = new DomainError('invalid_mfa_code', message);
        await signInEvents.failed(db, attempt, 'gd_webauthn_enrollment_failed', factorSubject(subject), error, {
          authentication_methods: [kind === 'passkey' ? 'passkey' : 'webauthn'],
        });
        throw error;
      };
      if (!issued || issued.userId !== subject.userId) return refuse(EXPIRED);
      if (!response) return refuse(WRONG_ASSERTION);
      const verification = await (await simpleWebAuthn())
        .verifyRegistrationResponse({
          response,
          expectedChallenge: issued.challenge,
          expectedOrigin: rp.origin,
          expectedRPID: rp.id,
          requireUserVerification: kind === 'passkey',
        })
        .catch(() => undefined);
      if (!verification?.verified) return refuse(WRONG_ASSERTION);
      const info = verification.registrationInfo;
      if (await methodByCredential(db, info.credential.id)) return refuse('This authenticator is registered already.');
      const type =
        kind === 'passkey' ? 'passkey' : response.authenticatorAttachment === 'platform' ? 'webauthn-platform' : 'webauthn-roaming';
      // The tenant's factor switches (guardian/factors): a disabled kind of key is not enrolled; passkeys are a first factor, not switched.
      const enabled = await factorSwitches.enabledFactors();
      if (type !== 'passkey' && !enabled.includes(type))
        return refuse(
          type === 'webauthn-platform'
            ? "This device's screen lock is not offered as a second factor here."
            : 'Security keys are not offered as a second factor here.',
        );
      const id = methodId(type);
      return db.transaction().execute(async (trx) => {
        await trx
          .insertInto('authentication_methods')
          .values({
            id,
            user_id: subject.userId,
            type,
            name: type === 'passkey' ? 'Passkey' : type === 'webauthn-platform' ? 'This device' : 'Security key',
            confirmed: 1,
            credential_id: info.credential.id,
            public_key: Buffer.from(info.credential.publicKey).toString('base64url'),
            counter: info.credential.counter,
            transports: JSON.stringify(info.credential.transports ?? response.response.transports ?? []),
            created_at: iso(clock.now()),
            last_auth_at: iso(clock.now()),
          })
          .execute();
        const recoveryCodes = enabled.includes('recovery-code') ? await insertRecoveryCodes(trx, subject.userId, iso(clock.now())) : [];
        await signInEvents.succeeded(trx, attempt, 'gd_enrollment_complete', factorSubject(subject), { authenticator: { type } });
        return { id, type, amr: keyAmr(info.credentialDeviceType), recoveryCodes };
      });
    },

    /** Options for a second-factor check: the user's credentials, user verification not asked. */
    async challengeOptions(interactionUid: string, userId: string): Promise<PublicKeyCredentialRequestOptionsJSON> {
      const rows = await credentialRows(userId);
      const challenge = await challenges.issue(interactionUid, 'authenticate', userId);
      return (await simpleWebAuthn()).generateAuthenticationOptions({
        rpID: rp.id,
        challenge: bytesOf(challenge),
        allowCredentials: rows.map((r) => ({ id: r.credential_id!, transports: credentialOf(r).transports })),
        userVerification: 'discouraged',
      });
    },

    /**
     * A second-factor check (`gd_auth_succeed`; `gd_webauthn_challenge_failed`), under the same
     * throttle as every factor. The assertion must answer this interaction's challenge, come from one
     * of the user's credentials, and move its counter forward. Returns the amr it proves.
     */
    async challenge(attempt: SignInAttempt, subject: FactorSubject, interactionUid: string, credential: string): Promise<{ amr: string }> {
      const { amr, type } = await throttled(
        attempt,
        subject,
        { failed: 'gd_webauthn_challenge_failed', limited: 'gd_otp_rate_limit_exceed' },
        async () => {
          const issued = await challenges.take(interactionUid, 'authenticate');
          const response = parseCredential<AuthenticationResponseJSON>(credential);
          if (!issued || issued.userId !== subject.userId || !response) return undefined;
          const row = (await credentialRows(subject.userId)).find((r) => r.credential_id === response.id);
          if (!row) return undefined;
          const info = await verifyAssertion(row, response, issued.challenge, false);
          return info ? { amr: keyAmr(info.credentialDeviceType), type: row.type } : undefined;
        },
        { wrong: WRONG_ASSERTION },
      );
      await signInEvents.succeeded(db, attempt, 'gd_auth_succeed', factorSubject(subject), { authenticator: { type } });
      return { amr };
    },

    /** The relying party's origin (the issuer's): the only one its ceremonies, and the pages that start them, may come from. */
    origin: rp.origin,

    /** Options for a passkey sign-in: no user known yet, any discoverable credential, user verification required. */
    async passkeyOptions(interactionUid: string): Promise<PublicKeyCredentialRequestOptionsJSON> {
      const challenge = await challenges.issue(interactionUid, 'passkey');
      return (await simpleWebAuthn()).generateAuthenticationOptions({
        rpID: rp.id,
        challenge: bytesOf(challenge),
        userVerification: 'required',
      });
    },

    /**
     * A passkey sign-in: the credential names its user, whose database identity must be in a
     * connection usable here (the organization's and the application's, as for a password) and not
     * blocked, and whose email is not bound to an organization's SSO. The assertion verified the user
     * (possession and a PIN or biometric: multi-factor, NIST SP 800-63B §5.1.9), so its amr is the key's
     * and `mfa`. A refusal is `passkey_challenge_failed` (`f` for a blocked user); the success is
     * recorded by the sign-in's completion (`s`).
     */
    async signIn(
      attempt: SignInAttempt,
      input: { interactionUid: string; credential: string; organizationId?: string; clientId?: string },
    ): Promise<{ userId: string; connection: LoginConnection; amr: string[] }> {
      const issued = await challenges.take(input.interactionUid, 'passkey');
      const response = parseCredential<AuthenticationResponseJSON>(input.credential);
      const row = response ? await methodByCredential(db, response.id) : undefined;
      const refuse = async (error: DomainError, userId?: string, connectionId?: string) => {
        await signInEvents.failed(
          db,
          attempt,
          error.code === 'user_blocked' ? 'f' : 'passkey_challenge_failed',
          { userId, organizationId: input.organizationId, connection: connectionId ? { id: connectionId } : undefined },
          error,
        );
        throw error;
      };
      const wrong = new DomainError('invalid_credentials', 'We could not sign you in with this passkey. Try again, or use your email.');
      if (!issued) return refuse(new DomainError('invalid_credentials', EXPIRED));
      if (!response || row?.type !== 'passkey' || row.confirmed !== 1) return refuse(wrong);
      const info = await verifyAssertion(row, response, issued.challenge, true);
      if (!info?.userVerified) return refuse(wrong, row.user_id);
      const user = await userOf(row.user_id);
      const usable = (await loginConnections(db, input.organizationId, input.clientId)).filter((c) => isDatabase(c.strategy));
      const identity = await databaseIdentity(
        db,
        row.user_id,
        usable.map((c) => c.id),
      );
      if (!identity)
        return refuse(
          new DomainError('connection_not_enabled', 'The account of this passkey cannot sign in here. Use another sign-in option.'),
          row.user_id,
        );
      if (user.blocked === 1)
        return refuse(new DomainError('user_blocked', 'This account is blocked. Contact your administrator.'), row.user_id, identity);
      if (await ssoRequirementFor(db, user.email ?? undefined, row.user_id)) return refuse(ssoRequiredError(), row.user_id, identity);
      return { userId: row.user_id, connection: usable.find((c) => c.id === identity)!, amr: [keyAmr(info.credentialDeviceType), 'mfa'] };
    },
  };
}

export type WebAuthnService = ReturnType<typeof createWebAuthnService>;
