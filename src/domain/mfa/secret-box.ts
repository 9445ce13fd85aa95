import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { insertSettingIfAbsent, readSetting } from '../settings/settings.queries.js';

const KEY_SETTING = 'mfa_secret_key';

/**
 * Encrypts the factor secrets that must be read back (TOTP seeds) with AES-256-GCM under a tenant
 * key kept in `settings`, so that the authentication_methods table alone (a dump, an export, a
 * replica of one table) does not give away anyone's second factor. The first process to need the
 * key creates it; every other one reads the same.
 */
export function createSecretBox(db: Kysely<Database>) {
  let key: Buffer | undefined;
  async function tenantKey(): Promise<Buffer> {
    if (key) return key;
    let stored = await readSetting<string>(db, KEY_SETTING);
    if (!stored) {
      await insertSettingIfAbsent(db, KEY_SETTING, randomBytes(32).toString('base64url'));
      stored = (await readSetting<string>(db, KEY_SETTING))!;
    }
    key = Buffer.from(stored, 'base64url');
    return key;
  }
  return {
    /** `v1.<iv>.<tag>.<ciphertext>`, each base64url. */
    async seal(plain: string): Promise<string> {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', await tenantKey(), iv);
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return ['v1', iv, cipher.getAuthTag(), data].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
    },
    async open(sealed: string): Promise<string> {
      const [version, iv, tag, data] = sealed.split('.');
      if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('not a sealed secret');
      const decipher = createDecipheriv('aes-256-gcm', await tenantKey(), Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}

export type SecretBox = ReturnType<typeof createSecretBox>;
