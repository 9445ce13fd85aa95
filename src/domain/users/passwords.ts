import { hash, verify } from '@node-rs/argon2';
import { verifyImportedHash } from './imported-hashes.js';

// OWASP Password Storage Cheat Sheet: argon2id, m=19 MiB, t=2, p=1. `algorithm: 2` is Argon2id;
// the package's Algorithm enum is a `const enum` that does not exist at runtime under tsx.
const ARGON2ID = 2;
/** The parameters every new hash is made with. */
export const PASSWORD_HASH_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** Hashes a password with argon2id on libuv's thread pool (never on the event loop). PHC string out. */
export async function hashPassword(password: string): Promise<string> {
  return hash(password, PASSWORD_HASH_OPTIONS);
}

/**
 * True when `password` matches the stored hash: an argon2 PHC string (ours, or imported argon2i/d/id)
 * or an imported foreign hash (imported-hashes.ts). A malformed hash is a mismatch, not a crash.
 */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    if (storedHash.startsWith('$argon2')) return await verify(storedHash, password);
    return await verifyImportedHash(storedHash, password);
  } catch {
    return false;
  }
}
