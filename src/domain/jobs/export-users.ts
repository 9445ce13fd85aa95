import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { parseJson } from '../shared/json.js';
import { exportedPasswordHash } from './exported-hash.js';

/** The user properties an export may name in `fields` (Auth0's), and `custom_password_hash` (Gatehouse's). */
export const EXPORT_FIELDS = [
  'user_id',
  'email',
  'email_verified',
  'username',
  'given_name',
  'family_name',
  'name',
  'nickname',
  'picture',
  'blocked',
  'created_at',
  'updated_at',
  'last_login',
  'logins_count',
  'app_metadata',
  'user_metadata',
  'custom_password_hash',
] as const;
export type ExportField = (typeof EXPORT_FIELDS)[number];

/** What is exported when `fields` is not given: every field but the password hash. */
export const DEFAULT_EXPORT_FIELDS = EXPORT_FIELDS.filter((f) => f !== 'custom_password_hash');

export interface ExportOptions {
  format: 'json' | 'csv';
  fields: { name: ExportField; export_as?: string }[];
  connectionId?: string;
  limit?: number;
}

const PAGE = 1000;

function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The users file of an export: one JSON object per line (ndjson, Auth0's `json`) or CSV with a
 * header row, users in id order, read a page at a time.
 */
export async function exportUsers(db: Kysely<Database>, options: ExportOptions): Promise<string> {
  const out: string[] = [];
  if (options.format === 'csv') out.push(options.fields.map((f) => csvCell(f.export_as ?? f.name)).join(','));
  let after = '';
  let count = 0;
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  while (count < limit) {
    let query = db
      .selectFrom('users as u')
      .selectAll('u')
      .where('u.id', '>', after)
      .orderBy('u.id')
      .limit(Math.min(PAGE, limit - count));
    const connectionId = options.connectionId;
    if (connectionId)
      query = query.where((eb) =>
        eb.exists(
          eb.selectFrom('identities as i').select('i.id').whereRef('i.user_id', '=', 'u.id').where('i.connection_id', '=', connectionId),
        ),
      );
    const rows = await query.execute();
    if (rows.length === 0) break;
    const hashes = new Map<string, string>();
    if (options.fields.some((f) => f.name === 'custom_password_hash')) {
      let identities = db
        .selectFrom('identities')
        .select(['user_id', 'password_hash'])
        .where(
          'user_id',
          'in',
          rows.map((r) => r.id),
        )
        .where('password_hash', 'is not', null);
      if (connectionId) identities = identities.where('connection_id', '=', connectionId);
      for (const identity of await identities.execute()) hashes.set(identity.user_id, identity.password_hash!);
    }
    if (rows.length === 0) break;
    for (const row of rows) {
      const value = (field: ExportField): unknown => {
        switch (field) {
          case 'email_verified':
          case 'blocked':
            return row[field] === 1;
          case 'app_metadata':
          case 'user_metadata':
            return parseJson<Record<string, unknown>>(row[field], {});
          case 'custom_password_hash':
            return exportedPasswordHash(hashes.get(row.id) ?? null);
          case 'user_id':
            return row.id;
          default:
            return row[field] ?? undefined;
        }
      };
      if (options.format === 'csv') out.push(options.fields.map((f) => csvCell(value(f.name))).join(','));
      else {
        const record: Record<string, unknown> = {};
        for (const f of options.fields) {
          const v = value(f.name);
          if (v !== undefined) record[f.export_as ?? f.name] = v;
        }
        out.push(JSON.stringify(record));
      }
    }
    count += rows.length;
    after = rows[rows.length - 1].id;
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}
