import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { insertSettingIfAbsent, readSetting } from '../settings/settings.queries.js';

const LINK_KEY = 'export_link_key';
/** How long an export's download link works (Auth0's is a short-lived link too). */
export const EXPORT_LINK_TTL_SECONDS = 3600;

/**
 * Signed download links of export files: HMAC-SHA256 over the job id and the expiry with a server
 * key kept in the settings table (made once, shared by every process), checked in constant time.
 */
export function createExportLinks(db: Kysely<Database>) {
  let key: Promise<Buffer> | undefined;
  const loadKey = () =>
    (key ??= (async () => {
      const existing = await readSetting<string>(db, LINK_KEY);
      if (existing) return Buffer.from(existing, 'base64url');
      await insertSettingIfAbsent(db, LINK_KEY, randomBytes(32).toString('base64url'));
      return Buffer.from((await readSetting<string>(db, LINK_KEY))!, 'base64url');
    })());

  const sign = async (jobId: string, expires: number) =>
    createHmac('sha256', await loadKey())
      .update(`${jobId}.${expires}`)
      .digest();

  return {
    async signature(jobId: string, expires: number): Promise<string> {
      return (await sign(jobId, expires)).toString('base64url');
    },
    /** True when `signature` is this server's for the job and `expires` (unix seconds) has not passed. */
    async verify(jobId: string, expires: number, signature: string, nowSeconds: number): Promise<boolean> {
      if (!Number.isInteger(expires) || expires < nowSeconds) return false;
      const expected = await sign(jobId, expires);
      const given = Buffer.from(signature, 'base64url');
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}
