import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';

/**
 * Access follows the facts it was granted on. Each function runs inside the transaction of the
 * change that takes access away, so the change and the revocation commit together.
 *
 * oidc-provider state lives in `oidc_payloads`: a grant's codes and tokens carry its id in
 * `grant_id`, the grant itself is the row (model `Grant`, id = grant id), and every user-bound row
 * (sessions too) carries `account_id`.
 */

/** Every session, grant, code and token of the user: after a block, a deletion or a new password. */
export async function revokeUserAccess(trx: Kysely<Database>, userId: string): Promise<void> {
  const grantIds = trx.selectFrom('oidc_payloads').select('id').where('model', '=', 'Grant').where('account_id', '=', userId);
  await trx.deleteFrom('oidc_payloads').where('grant_id', 'in', grantIds).execute();
  await trx.deleteFrom('oidc_payloads').where('account_id', '=', userId).execute();
  await trx.deleteFrom('grant_organizations').where('user_id', '=', userId).execute();
  await trx.deleteFrom('grant_connections').where('user_id', '=', userId).execute();
}

/**
 * The grants issued in an organization, with their codes and refresh tokens: all of them (the
 * organization is deleted), those of some users (they left it), or those whose user signed in
 * through one connection (it was disabled there). The users' sessions stay: they are still
 * signed in, just no longer into this organization.
 */
export async function revokeOrganizationAccess(
  trx: Kysely<Database>,
  scope: { organizationId: string; userIds?: string[]; connectionId?: string },
): Promise<void> {
  if (scope.userIds?.length === 0) return;
  let grants = trx.selectFrom('grant_organizations as g').select('g.grant_id').where('g.organization_id', '=', scope.organizationId);
  if (scope.userIds) grants = grants.where('g.user_id', 'in', scope.userIds);
  if (scope.connectionId) {
    grants = grants.innerJoin('grant_connections as c', 'c.grant_id', 'g.grant_id').where('c.connection_id', '=', scope.connectionId);
  }
  await revokeGrants(
    trx,
    (await grants.execute()).map((row) => row.grant_id),
  );
}

/**
 * Every grant whose user signed in through the connection, in any organization or none: the
 * connection is deleted, or (given `clientIds`) no longer enabled for those applications.
 */
export async function revokeConnectionAccess(trx: Kysely<Database>, connectionId: string, clientIds?: string[]): Promise<void> {
  if (clientIds?.length === 0) return;
  let query = trx.selectFrom('grant_connections').select('grant_id').where('connection_id', '=', connectionId);
  if (clientIds) query = query.where('client_id', 'in', clientIds);
  const rows = await query.execute();
  await revokeGrants(
    trx,
    rows.map((row) => row.grant_id),
  );
}

async function revokeGrants(trx: Kysely<Database>, grantIds: string[]): Promise<void> {
  // Chunks keep the statements under SQLite's and PostgreSQL's bound-parameter limits.
  for (let i = 0; i < grantIds.length; i += 500) {
    const chunk = grantIds.slice(i, i + 500);
    await trx.deleteFrom('oidc_payloads').where('grant_id', 'in', chunk).execute();
    await trx.deleteFrom('oidc_payloads').where('model', '=', 'Grant').where('id', 'in', chunk).execute();
    await trx.deleteFrom('grant_organizations').where('grant_id', 'in', chunk).execute();
    await trx.deleteFrom('grant_connections').where('grant_id', 'in', chunk).execute();
  }
}
