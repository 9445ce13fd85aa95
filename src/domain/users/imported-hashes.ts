import { createHash, createHmac, pbkdf2, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import bcrypt from 'bcryptjs';

const pbkdf2Async = promisify(pbkdf2);
const scryptAsync = promisify(scrypt) as (password: Buffer, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;

/**
 * Hashes made by another system and imported as they are. bcrypt and argon2 keep their own
 * self-describing strings; every other family is stored in `identities.password_hash` as
 * `$gatehouse-import$` + base64url(JSON of an ImportedHash), so every reader of that column still
 * finds one string per identity and `verifyPassword` tells the families apart by their prefix.
 * The first sign-in whose password verifies replaces it with an argon2id hash.
 */
export const IMPORTED_PREFIX = '$gatehouse-import$';

export type PasswordEncoding = 'utf8' | 'ascii' | 'latin1' | 'utf16le';
export type Digest = 'md5' | 'sha1' | 'sha256' | 'sha512';

/** A foreign hash in the form Gatehouse verifies it; byte values are base64. */
export type ImportedHash =
  | { kind: 'digest'; digest: Digest; hash: string; salt?: string; position?: 'prefix' | 'suffix'; password: PasswordEncoding }
  | {
      kind: 'hmac';
      digest: Digest;
      hash: string;
      key: string;
      salt?: string;
      position?: 'prefix' | 'suffix';
      password: PasswordEncoding;
    }
  | { kind: 'pbkdf2'; digest: Digest; iterations: number; salt: string; hash: string }
  | { kind: 'scrypt'; hash: string; salt: string; cost: number; blockSize: number; parallelization: number; password: PasswordEncoding };

export function encodeImportedHash(hash: ImportedHash): string {
  return IMPORTED_PREFIX + Buffer.from(JSON.stringify(hash)).toString('base64url');
}

export function decodeImportedHash(stored: string): ImportedHash | undefined {
  if (!stored.startsWith(IMPORTED_PREFIX)) return undefined;
  try {
    return JSON.parse(Buffer.from(stored.slice(IMPORTED_PREFIX.length), 'base64url').toString('utf8')) as ImportedHash;
  } catch {
    return undefined;
  }
}

export function isBcrypt(stored: string): boolean {
  return /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/.test(stored);
}

/** Constant-time equality of two derived values (a length difference is a mismatch, not a throw). */
function sameBytes(actual: Buffer, expected: Buffer): boolean {
  return actual.length === expected.length && expected.length > 0 && timingSafeEqual(actual, expected);
}

function salted(password: Buffer, salt: Buffer | undefined, position: 'prefix' | 'suffix' | undefined): Buffer {
  if (!salt) return password;
  return position === 'prefix' ? Buffer.concat([salt, password]) : Buffer.concat([password, salt]);
}

/** True when `password` matches an imported (non-argon2) hash; a malformed one never matches. */
export async function verifyImportedHash(stored: string, password: string): Promise<boolean> {
  if (isBcrypt(stored)) return bcrypt.compare(password, stored);
  const hash = decodeImportedHash(stored);
  if (!hash) return false;
  const expected = Buffer.from(hash.hash, 'base64');
  switch (hash.kind) {
    case 'digest': {
      const input = salted(Buffer.from(password, hash.password), hash.salt ? Buffer.from(hash.salt, 'base64') : undefined, hash.position);
      return sameBytes(createHash(hash.digest).update(input).digest(), expected);
    }
    case 'hmac': {
      const input = salted(Buffer.from(password, hash.password), hash.salt ? Buffer.from(hash.salt, 'base64') : undefined, hash.position);
      return sameBytes(createHmac(hash.digest, Buffer.from(hash.key, 'base64')).update(input).digest(), expected);
    }
    case 'pbkdf2': {
      const derived = await pbkdf2Async(password, Buffer.from(hash.salt, 'base64'), hash.iterations, expected.length, hash.digest);
      return sameBytes(derived, expected);
    }
    case 'scrypt': {
      const { cost: N, blockSize: r, parallelization: p } = hash;
      // Node refuses parameters beyond its default 32 MiB unless told the memory they need.
      const maxmem = 128 * N * r * p + 128 * r * 2 + 1024 * 1024;
      const derived = await scryptAsync(Buffer.from(password, hash.password), Buffer.from(hash.salt, 'base64'), expected.length, {
        N,
        r,
        p,
        maxmem,
      });
      return sameBytes(derived, expected);
    }
    default:
      return false;
  }
}
