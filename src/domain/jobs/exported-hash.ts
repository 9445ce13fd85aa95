import { decodeImportedHash, isBcrypt } from '../users/imported-hashes.js';

/** PHC's B64: base64 without padding. */
const b64 = (base64: string) => base64.replace(/=+$/, '');

/**
 * A stored password hash as an import row's `custom_password_hash` (Auth0's shape), so that an
 * export imported into another Gatehouse keeps every password working. undefined for none.
 */
export function exportedPasswordHash(stored: string | null): Record<string, unknown> | undefined {
  if (!stored) return undefined;
  if (stored.startsWith('$argon2')) return { algorithm: 'argon2', hash: { value: stored, encoding: 'utf8' } };
  if (isBcrypt(stored)) return { algorithm: 'bcrypt', hash: { value: stored, encoding: 'utf8' } };
  const hash = decodeImportedHash(stored);
  if (!hash) return undefined;
  const salt =
    (hash.kind === 'digest' || hash.kind === 'hmac') && hash.salt !== undefined
      ? { salt: { value: hash.salt, encoding: 'base64', position: hash.position } }
      : {};
  switch (hash.kind) {
    case 'digest':
      return { algorithm: hash.digest, hash: { value: hash.hash, encoding: 'base64' }, ...salt, password: { encoding: hash.password } };
    case 'hmac':
      return {
        algorithm: 'hmac',
        hash: { value: hash.hash, encoding: 'base64', digest: hash.digest, key: { value: hash.key, encoding: 'base64' } },
        ...salt,
        password: { encoding: hash.password },
      };
    case 'pbkdf2':
      return {
        algorithm: 'pbkdf2',
        hash: { value: `$pbkdf2-${hash.digest}$i=${hash.iterations}$${b64(hash.salt)}$${b64(hash.hash)}`, encoding: 'utf8' },
      };
    case 'scrypt':
      return {
        algorithm: 'scrypt',
        hash: { value: hash.hash, encoding: 'base64' },
        salt: { value: hash.salt, encoding: 'base64' },
        cost: hash.cost,
        blockSize: hash.blockSize,
        parallelization: hash.parallelization,
        password: { encoding: hash.password },
      };
    default:
      return undefined;
  }
}
