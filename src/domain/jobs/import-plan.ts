import { hexId } from '../shared/ids.js';
import { int } from '../shared/json.js';
import type { ImportMatch, ImportedUserChanges } from './import-batch.queries.js';
import { reportedRow, type ImportUser, type RowError } from './import-row.js';

/** A row that passed validation, at its index in the file. */
export interface ValidRow {
  rowIndex: number;
  user: ImportUser;
}

/** What one batch will write, decided in memory before any write. */
export interface BatchPlan {
  inserts: { id: string; subject: string; user: ImportUser }[];
  updates: { id: string; identityId: string; user: ImportUser; changes: ImportedUserChanges }[];
  /** Every written row in file order (its event is recorded in that order). */
  written: { kind: 'insert' | 'update'; id: string; user: ImportUser }[];
  errors: { rowIndex: number; user: unknown; errors: RowError[] }[];
}

const duplicated = (path: 'email' | 'user_id', message: string): RowError => ({ code: 'DUPLICATED_USER', message, path });

/** Upsert: the row's properties replace the existing user's (metadata objects as a whole). */
function changesOf(user: ImportUser): ImportedUserChanges {
  const changes: ImportedUserChanges = {};
  if (user.email_verified !== undefined) changes.email_verified = int(user.email_verified);
  for (const key of ['username', 'name', 'given_name', 'family_name', 'nickname', 'picture'] as const)
    if (user[key] !== undefined) changes[key] = user[key];
  if (user.blocked !== undefined) changes.blocked = int(user.blocked);
  if (user.user_metadata !== undefined) changes.user_metadata = JSON.stringify(user.user_metadata);
  if (user.app_metadata !== undefined) changes.app_metadata = JSON.stringify(user.app_metadata);
  return changes;
}

/**
 * Decides each valid row against the users already there (`matches`, found for the whole batch)
 * and the rows before it in the batch: insert, update (with `upsert`) or refuse. A row whose email
 * or user id an earlier accepted row of the batch already took is refused alone, so that no user
 * is written twice by one statement.
 */
export function planBatch(rows: ValidRow[], matches: ImportMatch[], upsert: boolean, original: (rowIndex: number) => unknown): BatchPlan {
  const byEmail = new Map<string, { userId: string; identityId: string }>();
  const byId = new Set<string>();
  for (const { userId, identity } of matches) {
    byId.add(userId);
    if (identity) for (const email of identity.emails) if (!byEmail.has(email)) byEmail.set(email, { userId, identityId: identity.id });
  }
  const plan: BatchPlan = { inserts: [], updates: [], written: [], errors: [] };
  const takenEmails = new Set<string>();
  const takenIds = new Set<string>();
  for (const { rowIndex, user } of rows) {
    const reject = (error: RowError) => plan.errors.push({ rowIndex, user: reportedRow(original(rowIndex)), errors: [error] });
    const email = user.email.toLowerCase();
    const givenId = user.user_id === undefined ? undefined : `auth0|${user.user_id}`;
    if (takenEmails.has(email)) {
      reject(duplicated('email', 'An earlier row of this batch has the same email'));
      continue;
    }
    if (givenId !== undefined && takenIds.has(givenId)) {
      reject(duplicated('user_id', 'An earlier row of this batch has the same user_id'));
      continue;
    }
    const existing = byEmail.get(email);
    if (existing && !upsert) {
      reject(duplicated('email', 'The user already exists'));
      continue;
    }
    if (existing) {
      if (givenId !== undefined && givenId !== existing.userId) {
        reject({ code: 'INVALID_UPDATE', message: 'user_id cannot be changed by an upsert', path: 'user_id' });
        continue;
      }
      plan.updates.push({ id: existing.userId, identityId: existing.identityId, user, changes: changesOf(user) });
      plan.written.push({ kind: 'update', id: existing.userId, user });
      takenEmails.add(email);
      takenIds.add(existing.userId);
      continue;
    }
    const subject = user.user_id ?? hexId();
    const id = `auth0|${subject}`;
    if (byId.has(id)) {
      reject(duplicated('user_id', 'A user with this user_id already exists'));
      continue;
    }
    plan.inserts.push({ id, subject, user });
    plan.written.push({ kind: 'insert', id, user });
    takenEmails.add(email);
    takenIds.add(id);
  }
  return plan;
}
