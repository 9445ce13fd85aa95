import { createHash, createHmac, pbkdf2Sync, randomBytes, scryptSync } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { hash as argon2Hash } from '@node-rs/argon2';

/** PHC's B64: base64 without padding. */
const b64 = (bytes: Buffer) => bytes.toString('base64').replace(/=+$/, '');

/**
 * One import row's password fields per supported family, made from `password` by the maintained
 * implementation (bcryptjs, @node-rs/argon2, node:crypto) at the time of the test, never pasted.
 */
export async function hashVectors(password: string): Promise<Record<string, Record<string, unknown>>> {
  const salt = randomBytes(16);
  const text = randomBytes(8).toString('hex');
  const argon2 = async (algorithm: 0 | 1 | 2) => ({
    custom_password_hash: {
      algorithm: 'argon2',
      hash: { value: await argon2Hash(password, { algorithm, memoryCost: 1024, timeCost: 1, parallelism: 1 }), encoding: 'utf8' },
    },
  });
  const pbkdf2 = (digest: 'sha1' | 'sha256' | 'sha512') => {
    const derived = pbkdf2Sync(password, salt, 1000, 32, digest);
    return {
      custom_password_hash: {
        algorithm: 'pbkdf2',
        hash: { value: `$pbkdf2-${digest}$i=1000,l=32$${b64(salt)}$${b64(derived)}`, encoding: 'utf8' },
      },
    };
  };
  const digest = (algorithm: 'md5' | 'sha1' | 'sha256' | 'sha512') => ({
    custom_password_hash: {
      algorithm,
      hash: {
        value: createHash(algorithm)
          .update(text + password)
          .digest('hex'),
        encoding: 'hex',
      },
      salt: { value: text, encoding: 'utf8', position: 'prefix' },
    },
  });
  const key = randomBytes(16);
  return {
    bcrypt: { password_hash: bcrypt.hashSync(password, 4) },
    argon2d: await argon2(0),
    argon2i: await argon2(1),
    argon2id: await argon2(2),
    'pbkdf2-sha1': pbkdf2('sha1'),
    'pbkdf2-sha256': pbkdf2('sha256'),
    'pbkdf2-sha512': pbkdf2('sha512'),
    scrypt: {
      custom_password_hash: {
        algorithm: 'scrypt',
        hash: { value: scryptSync(password, salt, 32, { N: 1024, r: 8, p: 1 }).toString('base64'), encoding: 'base64' },
        salt: { value: salt.toString('base64'), encoding: 'base64' },
        keylen: 32,
        cost: 1024,
      },
    },
    md5: digest('md5'),
    sha1: digest('sha1'),
    sha256: digest('sha256'),
    sha512: digest('sha512'),
    hmac: {
      custom_password_hash: {
        algorithm: 'hmac',
        hash: {
          value: createHmac('sha512', key).update(password).digest('base64'),
          encoding: 'base64',
          digest: 'sha512',
          key: { value: key.toString('hex'), encoding: 'hex' },
        },
      },
    },
  };
}
