import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac, pbkdf2Sync, randomBytes, scryptSync } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { hash as argon2Hash } from '@node-rs/argon2';
import { importedPasswordHash } from '../../src/domain/users/custom-password-hash.js';
import { verifyPassword } from '../../src/domain/users/passwords.js';

// Every vector is made here by the maintained implementation (bcryptjs, @node-rs/argon2, node:crypto)
// from a random password, then checked through the path a sign-in takes: parse the import row's
// hash, store its string, verifyPassword against it.
const password = `Pässword-${randomBytes(6).toString('hex')}`;

function stored(row: Record<string, unknown>): string {
  const parsed = importedPasswordHash(row);
  assert.ok(parsed && 'stored' in parsed, `refused: ${JSON.stringify(parsed)}`);
  return parsed.stored;
}

async function assertVerifies(row: Record<string, unknown>, pw = password): Promise<void> {
  const hash = stored(row);
  assert.equal(await verifyPassword(hash, pw), true, 'the original password verifies');
  assert.equal(await verifyPassword(hash, `${pw}x`), false, 'another password does not');
}

function problem(row: Record<string, unknown>) {
  const parsed = importedPasswordHash(row);
  assert.ok(parsed && 'problem' in parsed, `accepted: ${JSON.stringify(parsed)}`);
  return parsed.problem;
}

/** PHC's B64: base64 without padding. */
const b64 = (bytes: Buffer) => bytes.toString('base64').replace(/=+$/, '');

describe('imported password hashes', () => {
  it('bcrypt as password_hash and as custom_password_hash ($2a$, $2b$, $2y$)', async () => {
    const b = bcrypt.hashSync(password, 4);
    assert.match(b, /^\$2b\$/);
    await assertVerifies({ password_hash: b });
    await assertVerifies({ custom_password_hash: { algorithm: 'bcrypt', hash: { value: b } } });
    // bcrypt's minor versions differ in how other implementations handled edge cases, not in the
    // hash: bcryptjs verifies the same digest under $2a$ and $2y$.
    await assertVerifies({ password_hash: b.replace('$2b$', '$2a$') });
    await assertVerifies({ password_hash: b.replace('$2b$', '$2y$') });
  });

  for (const [name, algorithm] of [
    ['argon2d', 0],
    ['argon2i', 1],
    ['argon2id', 2],
  ] as const) {
    it(`${name} PHC strings`, async () => {
      const value = await argon2Hash(password, { algorithm, memoryCost: 1024, timeCost: 1, parallelism: 1 });
      assert.ok(value.startsWith(`$${name}$`));
      await assertVerifies({ custom_password_hash: { algorithm: 'argon2', hash: { value, encoding: 'utf8' } } });
    });
  }

  for (const digest of ['sha1', 'sha256', 'sha512'] as const) {
    it(`PBKDF2-${digest.toUpperCase()} PHC strings`, async () => {
      const salt = randomBytes(16);
      const derived = pbkdf2Sync(password, salt, 1000, digest === 'sha1' ? 20 : 32, digest);
      const value = `$pbkdf2-${digest}$i=1000,l=${derived.length}$${b64(salt)}$${b64(derived)}`;
      await assertVerifies({ custom_password_hash: { algorithm: 'pbkdf2', hash: { value, encoding: 'utf8' } } });
    });
  }

  it('scrypt with its cost, block size and parallelization', async () => {
    const salt = randomBytes(16);
    const derived = scryptSync(password, salt, 32, { N: 1024, r: 8, p: 2 });
    await assertVerifies({
      custom_password_hash: {
        algorithm: 'scrypt',
        hash: { value: derived.toString('base64'), encoding: 'base64' },
        salt: { value: salt.toString('hex'), encoding: 'hex' },
        keylen: 32,
        cost: 1024,
        blockSize: 8,
        parallelization: 2,
      },
    });
  });

  for (const algorithm of ['md5', 'sha1', 'sha256', 'sha512'] as const) {
    it(`${algorithm}: unsalted, salt prefix and suffix, hex and base64`, async () => {
      const unsalted = createHash(algorithm).update(password).digest();
      await assertVerifies({ custom_password_hash: { algorithm, hash: { value: unsalted.toString('hex'), encoding: 'hex' } } });
      const salt = randomBytes(8).toString('hex');
      const prefixed = createHash(algorithm)
        .update(salt + password)
        .digest('base64');
      await assertVerifies({
        custom_password_hash: { algorithm, hash: { value: prefixed, encoding: 'base64' }, salt: { value: salt, position: 'prefix' } },
      });
      const suffixed = createHash(algorithm)
        .update(password + salt)
        .digest('hex');
      await assertVerifies({
        custom_password_hash: { algorithm, hash: { value: suffixed }, salt: { value: salt, encoding: 'utf8', position: 'suffix' } },
      });
      // The salt's place matters: a prefix salt declared as a suffix does not verify.
      const swapped = stored({
        custom_password_hash: { algorithm, hash: { value: prefixed, encoding: 'base64' }, salt: { value: salt, position: 'suffix' } },
      });
      assert.equal(await verifyPassword(swapped, password), false);
    });
  }

  it('sha256 over a UTF-16LE password (password.encoding)', async () => {
    const value = createHash('sha256').update(Buffer.from(password, 'utf16le')).digest('hex');
    await assertVerifies({ custom_password_hash: { algorithm: 'sha256', hash: { value }, password: { encoding: 'ucs2' } } });
  });

  it('hmac with its digest and key', async () => {
    const key = randomBytes(16);
    const value = createHmac('sha256', key).update(password).digest('hex');
    await assertVerifies({
      custom_password_hash: {
        algorithm: 'hmac',
        hash: { value, encoding: 'hex', digest: 'sha256', key: { value: key.toString('base64'), encoding: 'base64' } },
      },
    });
  });

  it('refuses malformed hashes naming the property and the rule', () => {
    assert.deepEqual(problem({ password_hash: 'plaintext' }), {
      field: 'password_hash',
      rule: 'Expected a bcrypt hash ($2a$, $2b$ or $2y$)',
    });
    assert.equal(problem({ custom_password_hash: { algorithm: 'md4', hash: { value: 'ab' } } }).field, 'custom_password_hash.algorithm');
    assert.equal(
      problem({ custom_password_hash: { algorithm: 'sha1', hash: { value: 'zz', encoding: 'hex' } } }).field,
      'custom_password_hash.hash.value',
    );
    assert.equal(
      problem({ custom_password_hash: { algorithm: 'pbkdf2', hash: { value: '$pbkdf2-sha256$salt$hash' } } }).field,
      'custom_password_hash.hash.value',
    );
    assert.equal(problem({ custom_password_hash: { algorithm: 'scrypt', hash: { value: 'AAAA' } } }).field, 'custom_password_hash.salt');
    assert.equal(
      problem({ custom_password_hash: { algorithm: 'hmac', hash: { value: 'ab', digest: 'sha3', key: { value: 'k' } } } }).field,
      'custom_password_hash.hash.digest',
    );
    assert.equal(
      problem({ password_hash: bcrypt.hashSync('x', 4), custom_password_hash: { algorithm: 'bcrypt', hash: { value: 'x' } } }).rule,
      'Cannot be combined with password_hash',
    );
  });

  it('a corrupted stored hash is a mismatch, not a crash', async () => {
    assert.equal(await verifyPassword('$gatehouse-import$not-json', password), false);
    assert.equal(await verifyPassword('$2b$04$short', password), false);
  });
});
