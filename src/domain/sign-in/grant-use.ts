import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { Client } from '../clients/clients.types.js';
import { loginConnections } from './login-connections.js';

/** Why a grant may not issue a code or a token (any more); undefined when it may. */
export type GrantRefusal = 'organization_denied' | 'organization_required' | 'not_a_member' | 'connection_not_enabled';

/**
 * The rules a login checked, checked again whenever a grant is reused without one (an existing
 * session, `prompt=none`, an organization switch) and whenever a code or refresh token is
 * exchanged: the application's `organization_usage`, membership, and that the connection the user
 * signed in with is enabled for (or owned by) the organization. An unknown connection (a grant
 * made before connections were recorded) passes only outside organizations.
 */
export async function checkGrantUse(
  db: Kysely<Database>,
  input: {
    client: Pick<Client, 'organization_usage'>;
    userId: string;
    organizationId?: string;
    connectionId?: string;
  },
): Promise<GrantRefusal | undefined> {
  if (!input.organizationId) return input.client.organization_usage === 'require' ? 'organization_required' : undefined;
  if (input.client.organization_usage === 'deny') return 'organization_denied';
  const member = await db
    .selectFrom('organization_members')
    .select('user_id')
    .where('organization_id', '=', input.organizationId)
    .where('user_id', '=', input.userId)
    .executeTakeFirst();
  if (!member) return 'not_a_member';
  if (!input.connectionId) return 'connection_not_enabled';
  const usable = await loginConnections(db, input.organizationId);
  return usable.some((c) => c.id === input.connectionId) ? undefined : 'connection_not_enabled';
}
