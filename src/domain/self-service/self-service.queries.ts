import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type {
  SelfServiceProfileRow,
  SelfServiceProfileRowUpdate,
  SsoTicketRow,
  SsoTicketRowUpdate,
} from '../../db/schema/self-service.table.js';
import { parseJson } from '../shared/json.js';
import type { SelfServiceProfile, TicketInput, Wizard, WizardState } from './self-service.types.js';

type Executor = Kysely<Database>;

export function toProfile(row: SelfServiceProfileRow): SelfServiceProfile {
  const profile: SelfServiceProfile = {
    id: row.id,
    name: row.name,
    user_attributes: parseJson(row.user_attributes, []),
    allowed_strategies: parseJson(row.allowed_strategies, []),
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
  if (row.description !== null) profile.description = row.description;
  const branding = parseJson<SelfServiceProfile['branding'] | null>(row.branding, null);
  if (branding) profile.branding = branding;
  return profile;
}

export function profilesQuery(db: Executor) {
  return db.selectFrom('self_service_profiles').selectAll();
}

export function findProfileRow(db: Executor, id: string): Promise<SelfServiceProfileRow | undefined> {
  return db.selectFrom('self_service_profiles').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertProfile(db: Executor, row: SelfServiceProfileRow): Promise<void> {
  await db.insertInto('self_service_profiles').values(row).execute();
}

export async function updateProfile(db: Executor, id: string, changes: SelfServiceProfileRowUpdate): Promise<void> {
  await db.updateTable('self_service_profiles').set(changes).where('id', '=', id).execute();
}

/** Deletes the profile and its tickets; false when there was none. */
export async function deleteProfile(db: Executor, id: string): Promise<boolean> {
  await db.deleteFrom('sso_tickets').where('profile_id', '=', id).execute();
  const result = await db.deleteFrom('self_service_profiles').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function insertTicket(db: Executor, row: SsoTicketRow): Promise<void> {
  await db.insertInto('sso_tickets').values(row).execute();
}

/** A profile's ticket by the hash of its secret; another profile's is not found. */
export function findTicketBySecret(db: Executor, profileId: string, hash: string): Promise<SsoTicketRow | undefined> {
  return db.selectFrom('sso_tickets').selectAll().where('profile_id', '=', profileId).where('secret_hash', '=', hash).executeTakeFirst();
}

export function findTicketBySession(db: Executor, sessionHash: string): Promise<SsoTicketRow | undefined> {
  return db.selectFrom('sso_tickets').selectAll().where('session_hash', '=', sessionHash).executeTakeFirst();
}

export function findTicketById(db: Executor, id: string): Promise<SsoTicketRow | undefined> {
  return db.selectFrom('sso_tickets').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Opens a ticket once: binds the wizard session to it if it is unopened, unrevoked and unexpired.
 * One UPDATE, so two browsers racing with the same link cannot both win.
 */
export async function openTicket(db: Executor, secretHash: string, sessionHash: string, now: string): Promise<SsoTicketRow | undefined> {
  const result = await db
    .updateTable('sso_tickets')
    .set({ session_hash: sessionHash, opened_at: now })
    .where('secret_hash', '=', secretHash)
    .where('opened_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return undefined;
  return db.selectFrom('sso_tickets').selectAll().where('secret_hash', '=', secretHash).executeTakeFirst();
}

export async function updateTicket(db: Executor, id: string, changes: SsoTicketRowUpdate): Promise<void> {
  await db.updateTable('sso_tickets').set(changes).where('id', '=', id).execute();
}

export function toWizard(row: SsoTicketRow, profile: SelfServiceProfile): Wizard {
  return {
    ticketId: row.id,
    profile,
    config: parseJson<TicketInput>(row.config, {}),
    state: parseJson<WizardState>(row.state, {}),
    expiresAt: row.expires_at,
  };
}
