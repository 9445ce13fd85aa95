import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { migrateToLatest } from '../../src/db/migrate.js';
import { provisionEnterpriseLogin } from '../../src/domain/provisioning/provision-enterprise-login.js';
import type { ProvisioningConnection } from '../../src/domain/provisioning/provisioning.types.js';
import type { LoginConnection } from '../../src/domain/sign-in/login-connections.js';
import { systemClock } from '../../src/domain/shared/clock.js';
import { DomainError } from '../../src/domain/errors.js';
import { DIALECTS, freshDatabase, type TestDatabase } from '../helpers/dialects.js';

const NOW = new Date().toISOString();

for (const dialect of DIALECTS) {
  describe(`enterprise provisioning rules [${dialect}]`, () => {
    let database: TestDatabase;
    let seq = 0;
    before(async () => {
      database = await freshDatabase(dialect);
      await migrateToLatest(database.db.kysely);
    });
    after(async () => {
      await database.drop();
    });

    const db = () => database.db.kysely;

    async function connection(overrides: Partial<ProvisioningConnection> = {}): Promise<ProvisioningConnection> {
      seq += 1;
      const conn: ProvisioningConnection = {
        id: `con_test${String(seq).padStart(12, '0')}`,
        name: `idp-${seq}`,
        strategy: 'samlp',
        domainAliases: ['acme.example'],
        createMissingUser: true,
        trustEmail: false,
        ...overrides,
      };
      await db()
        .insertInto('connections')
        .values({
          id: conn.id,
          name: conn.name,
          display_name: null,
          strategy: conn.strategy,
          options: '{}',
          metadata: '{}',
          organization_id: conn.organizationId ?? null,
          is_domain_connection: 0,
          created_at: NOW,
          updated_at: NOW,
        })
        .execute();
      return conn;
    }

    async function organization(): Promise<string> {
      seq += 1;
      const id = `org_test${String(seq).padStart(12, '0')}`;
      await db()
        .insertInto('organizations')
        .values({
          id,
          name: `org-${seq}`,
          display_name: null,
          branding: null,
          metadata: '{}',
          allowed_domains: '[]',
          is_auto_join_domain_list: 0,
          is_auto_membership_enabled: 0,
          created_at: NOW,
          updated_at: NOW,
        })
        .execute();
      return id;
    }

    async function user(
      id: string,
      email: string,
      identity: { connectionId: string; provider: string; subject: string | null; pendingEmail?: string },
    ) {
      await db()
        .insertInto('users')
        .values({
          id,
          email,
          email_normalized: email.toLowerCase(),
          email_verified: 0,
          username: null,
          phone_number: null,
          name: 'Old Name',
          given_name: null,
          family_name: null,
          nickname: null,
          picture: null,
          user_metadata: '{}',
          app_metadata: '{}',
          blocked: 0,
          logins_count: 0,
          last_login: null,
          created_at: NOW,
          updated_at: NOW,
        })
        .execute();
      await db()
        .insertInto('identities')
        .values({
          id: `idn_${id}`,
          user_id: id,
          connection_id: identity.connectionId,
          provider: identity.provider,
          provider_user_id: identity.subject,
          pending_email: identity.pendingEmail ?? null,
          is_social: 0,
          profile_data: '{}',
          password_hash: null,
          created_at: NOW,
        })
        .execute();
    }

    const identitiesOf = (userId: string) =>
      db().selectFrom('identities').select(['connection_id', 'provider_user_id']).where('user_id', '=', userId).execute();

    it('creates a user just in time, then finds the same user by subject next time', async () => {
      const conn = await connection();
      const first = await provisionEnterpriseLogin(db(), systemClock, {
        connection: conn,
        profile: { subject: 'S-1', email: 'Jit@Acme.example', name: 'Jit User' },
      });
      assert.equal(first.path, 'jit_created');
      assert.match(first.userId, new RegExp(`^samlp\\|${conn.name}\\|[0-9a-f]{24}$`));
      const stored = await db().selectFrom('users').selectAll().where('id', '=', first.userId).executeTakeFirstOrThrow();
      assert.equal(stored.email_verified, 1, 'an entitled domain counts as verified');
      assert.equal(stored.name, 'Jit User');
      const second = await provisionEnterpriseLogin(db(), systemClock, {
        connection: conn,
        profile: { subject: 'S-1', email: 'jit@acme.example' },
      });
      assert.deepEqual([second.path, second.userId], ['existing_identity', first.userId]);
    });

    it('attaches the first login to a user pre-provisioned by email', async () => {
      const conn = await connection();
      await user('samlp|pre|1', 'pre@acme.example', {
        connectionId: conn.id,
        provider: 'samlp',
        subject: null,
        pendingEmail: 'pre@acme.example',
      });
      const result = await provisionEnterpriseLogin(db(), systemClock, {
        connection: conn,
        profile: { subject: 'S-pre', email: 'PRE@acme.example' },
      });
      assert.deepEqual([result.path, result.userId], ['pre_provisioned', 'samlp|pre|1']);
      assert.deepEqual(await identitiesOf('samlp|pre|1'), [{ connection_id: conn.id, provider_user_id: 'S-pre' }]);
    });

    it('merges into an existing user when the connection trusts emails: the old identities go, the IdP profile wins', async () => {
      const database = await connection({ strategy: 'auth0' });
      const conn = await connection({ trustEmail: true });
      await user('auth0|merge', 'merge@acme.example', { connectionId: database.id, provider: 'auth0', subject: 'merge' });
      const result = await provisionEnterpriseLogin(db(), systemClock, {
        connection: conn,
        profile: { subject: 'S-merge', email: 'merge@acme.example', name: 'New Name' },
      });
      assert.deepEqual([result.path, result.userId], ['trusted_email_merge', 'auth0|merge']);
      assert.deepEqual(await identitiesOf('auth0|merge'), [{ connection_id: conn.id, provider_user_id: 'S-merge' }]);
      const stored = await db().selectFrom('users').select(['name']).where('id', '=', 'auth0|merge').executeTakeFirstOrThrow();
      assert.equal(stored.name, 'New Name');
    });

    it('never merges into a user of another enterprise connection: the same person is two users', async () => {
      const okta = await connection({ strategy: 'okta' });
      const saml = await connection({ trustEmail: true });
      await user('okta|a|1', 'twice@acme.example', { connectionId: okta.id, provider: 'okta', subject: 'okta-sub' });
      const result = await provisionEnterpriseLogin(db(), systemClock, {
        connection: saml,
        profile: { subject: 'S-twice', email: 'twice@acme.example' },
      });
      assert.equal(result.path, 'jit_created');
      assert.deepEqual(await identitiesOf('okta|a|1'), [{ connection_id: okta.id, provider_user_id: 'okta-sub' }]);
    });

    it('does not merge when the connection does not trust emails: a separate user', async () => {
      const database = await connection({ strategy: 'auth0' });
      const conn = await connection({ trustEmail: false });
      await user('auth0|keep', 'keep@acme.example', { connectionId: database.id, provider: 'auth0', subject: 'keep' });
      const result = await provisionEnterpriseLogin(db(), systemClock, {
        connection: conn,
        profile: { subject: 'S-keep', email: 'keep@acme.example' },
      });
      assert.equal(result.path, 'jit_created');
      assert.notEqual(result.userId, 'auth0|keep');
      assert.equal((await identitiesOf('auth0|keep')).length, 1);
    });

    it("ignores emails outside the connection's domains: no merge, no pre-provisioned match", async () => {
      const database = await connection({ strategy: 'auth0' });
      const conn = await connection({ trustEmail: true, domainAliases: ['acme.example'] });
      await user('auth0|victim', 'ceo@bank.example', { connectionId: database.id, provider: 'auth0', subject: 'victim' });
      await user('samlp|pending', 'cfo@bank.example', {
        connectionId: conn.id,
        provider: 'samlp',
        subject: null,
        pendingEmail: 'cfo@bank.example',
      });
      const a = await provisionEnterpriseLogin(db(), systemClock, {
        connection: conn,
        profile: { subject: 'S-evil-1', email: 'ceo@bank.example' },
      });
      const b = await provisionEnterpriseLogin(db(), systemClock, {
        connection: conn,
        profile: { subject: 'S-evil-2', email: 'cfo@bank.example' },
      });
      assert.equal(a.path, 'jit_created');
      assert.equal(b.path, 'jit_created');
      assert.equal((await identitiesOf('auth0|victim'))[0].connection_id, database.id, 'the victim keeps its identity');
      const created = await db().selectFrom('users').select('email_verified').where('id', '=', a.userId).executeTakeFirstOrThrow();
      assert.equal(created.email_verified, 0);
    });

    it('says "We can\'t find your account" when JIT is off, and writes nothing', async () => {
      const conn = await connection({ createMissingUser: false });
      const before = await db()
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      await assert.rejects(
        provisionEnterpriseLogin(db(), systemClock, { connection: conn, profile: { subject: 'S-none', email: 'none@acme.example' } }),
        (error: unknown) =>
          error instanceof DomainError && error.code === 'account_not_found' && error.message === "We can't find your account.",
      );
      const after = await db()
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(after.n), Number(before.n));
    });

    it('lands a user of an organization-owned connection in that organization, and refuses it elsewhere', async () => {
      const owner = await organization();
      const other = await organization();
      const conn = await connection({ organizationId: owner });
      await db().updateTable('connections').set({ organization_id: owner }).where('id', '=', conn.id).execute();
      const result = await provisionEnterpriseLogin(db(), systemClock, {
        connection: conn,
        profile: { subject: 'S-owned', email: 'o@acme.example' },
      });
      assert.equal(result.organizationId, owner);
      const member = await db()
        .selectFrom('organization_members')
        .select('user_id')
        .where('organization_id', '=', owner)
        .where('user_id', '=', result.userId)
        .executeTakeFirst();
      assert.ok(member, 'membership added');
      await assert.rejects(
        provisionEnterpriseLogin(db(), systemClock, {
          connection: conn,
          profile: { subject: 'S-owned', email: 'o@acme.example' },
          requestedOrganizationId: other,
        }),
        (error: unknown) => error instanceof DomainError && error.code === 'connection_not_enabled',
      );
    });

    it('refuses a non-member through a shared connection without membership on login, and rolls the new user back', async () => {
      const org = await organization();
      const conn = await connection();
      const settings = {
        id: conn.id,
        name: conn.name,
        displayName: conn.name,
        strategy: 'samlp',
        domainAliases: [],
        assignMembershipOnLogin: false,
        isSignupEnabled: false,
        disableSignup: false,
        showAsButton: true,
      } as LoginConnection;
      await assert.rejects(
        provisionEnterpriseLogin(db(), systemClock, {
          connection: conn,
          profile: { subject: 'S-nm', email: 'nm@acme.example' },
          requestedOrganizationId: org,
          organizationConnection: settings,
        }),
        (error: unknown) => error instanceof DomainError && error.code === 'not_a_member',
      );
      const orphan = await db().selectFrom('identities').select('id').where('provider_user_id', '=', 'S-nm').executeTakeFirst();
      assert.equal(orphan, undefined, 'nothing half-written');
      const admitted = await provisionEnterpriseLogin(db(), systemClock, {
        connection: conn,
        profile: { subject: 'S-nm', email: 'nm@acme.example' },
        requestedOrganizationId: org,
        organizationConnection: { ...settings, assignMembershipOnLogin: true },
      });
      assert.equal(admitted.organizationId, org);
    });
  });
}
