import { encodeImportedHash, isBcrypt, type Digest, type PasswordEncoding } from './imported-hashes.js';

/** A refused hash field: the property (dotted path in the import row) and the rule it broke. */
export interface HashProblem {
  field: string;
  rule: string;
}

export type HashParse = { stored: string } | { problem: HashProblem };

type ByteEncoding = 'base64' | 'hex' | 'utf8';
const BYTE_ENCODINGS: readonly string[] = ['base64', 'hex', 'utf8'];
const DIGESTS: readonly string[] = ['md5', 'sha1', 'sha256', 'sha512'];
// Auth0's password encodings; `ucs2` and `binary` are Node's aliases of utf16le and latin1.
const PASSWORD_ENCODINGS: Record<string, PasswordEncoding> = {
  utf8: 'utf8',
  ascii: 'ascii',
  latin1: 'latin1',
  binary: 'latin1',
  utf16le: 'utf16le',
  ucs2: 'utf16le',
};
const ALGORITHMS = ['argon2', 'bcrypt', 'hmac', 'md5', 'sha1', 'sha256', 'sha512', 'pbkdf2', 'scrypt'] as const;

class Refused extends Error {
  constructor(readonly problem: HashProblem) {
    super(problem.rule);
  }
}

function refuse(field: string, rule: string): never {
  throw new Refused({ field: `custom_password_hash.${field}`, rule });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0) refuse(field, 'Expected a non-empty string');
  return value;
}

function oneOf<T extends string>(value: unknown, allowed: readonly string[], field: string, fallback?: T): T {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'string' || !allowed.includes(value)) refuse(field, `Must be one of: ${allowed.join(', ')}`);
  return value as T;
}

function positiveInt(value: unknown, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) refuse(field, 'Expected a positive integer');
  return value;
}

/** The bytes of `{ value, encoding }` as base64; `encoding` defaults per field (hex for digests). */
function bytes(value: unknown, field: string, fallback: ByteEncoding): string {
  if (!isObject(value)) refuse(field, 'Expected an object with value and encoding');
  const text = str(value.value, `${field}.value`);
  const encoding = oneOf<ByteEncoding>(value.encoding, BYTE_ENCODINGS, `${field}.encoding`, fallback);
  if (encoding === 'hex' && !/^(?:[0-9a-fA-F]{2})+$/.test(text)) refuse(`${field}.value`, 'Expected hexadecimal');
  if (encoding === 'base64' && !/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) refuse(`${field}.value`, 'Expected base64');
  return Buffer.from(text, encoding).toString('base64');
}

function saltOf(value: unknown): { salt?: string; position?: 'prefix' | 'suffix' } {
  if (value === undefined) return {};
  const salt = bytes(value, 'salt', 'utf8');
  const position = oneOf<'prefix' | 'suffix'>((value as Record<string, unknown>).position, ['prefix', 'suffix'], 'salt.position', 'prefix');
  return { salt, position };
}

function passwordEncoding(value: unknown): PasswordEncoding {
  if (value === undefined) return 'utf8';
  if (!isObject(value)) refuse('password', 'Expected an object with encoding');
  return PASSWORD_ENCODINGS[oneOf<string>(value.encoding, Object.keys(PASSWORD_ENCODINGS), 'password.encoding', 'utf8')];
}

/** `$pbkdf2-<digest>$i=<iterations>[,l=<length>]$<salt B64>$<hash B64>` (the PHC string Auth0 takes). */
function pbkdf2Of(value: string): string {
  const match = /^\$pbkdf2(?:-(md5|sha1|sha256|sha512))?\$([^$]+)\$([A-Za-z0-9+/.]+={0,2})\$([A-Za-z0-9+/.]+={0,2})$/.exec(value);
  if (!match) refuse('hash.value', 'Expected a PHC string $pbkdf2-<digest>$i=<iterations>$<salt>$<hash>');
  const params = Object.fromEntries(match[2].split(',').map((pair) => pair.split('=') as [string, string]));
  const iterations = Number(params.i);
  if (!Number.isInteger(iterations) || iterations < 1) refuse('hash.value', 'Expected the parameter i (iterations), a positive integer');
  // PHC's B64 is base64 without padding; `.` never appears in it but some encoders use it for `+`.
  const hash = Buffer.from(match[4].replace(/\./g, '+'), 'base64');
  if (params.l !== undefined && Number(params.l) !== hash.length) refuse('hash.value', 'The parameter l must equal the hash length');
  return encodeImportedHash({
    kind: 'pbkdf2',
    digest: (match[1] ?? 'sha1') as Digest,
    iterations,
    salt: Buffer.from(match[3].replace(/\./g, '+'), 'base64').toString('base64'),
    hash: hash.toString('base64'),
  });
}

function parse(custom: unknown): string {
  if (!isObject(custom)) throw new Refused({ field: 'custom_password_hash', rule: 'Expected an object' });
  const algorithm = oneOf<(typeof ALGORITHMS)[number]>(custom.algorithm, ALGORITHMS, 'algorithm');
  if (!isObject(custom.hash)) refuse('hash', 'Expected an object with value and encoding');
  const hashField = custom.hash;
  switch (algorithm) {
    case 'bcrypt': {
      const value = str(hashField.value, 'hash.value');
      if (!isBcrypt(value)) refuse('hash.value', 'Expected a bcrypt hash ($2a$, $2b$ or $2y$)');
      return value;
    }
    case 'argon2': {
      const value = str(hashField.value, 'hash.value');
      if (!/^\$argon2(?:i|d|id)\$(?:v=\d+\$)?m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/.test(value))
        refuse('hash.value', 'Expected an argon2 PHC string ($argon2i$, $argon2d$ or $argon2id$)');
      if (custom.salt !== undefined) refuse('salt', 'Not allowed with argon2 (the salt is in the PHC string)');
      return value;
    }
    case 'pbkdf2':
      if (custom.salt !== undefined) refuse('salt', 'Not allowed with pbkdf2 (the salt is in the PHC string)');
      return pbkdf2Of(str(hashField.value, 'hash.value'));
    case 'scrypt': {
      if (custom.salt === undefined) refuse('salt', 'Required with scrypt');
      const hash = bytes(hashField, 'hash', 'base64');
      const length = Buffer.from(hash, 'base64').length;
      if (custom.keylen !== undefined && custom.keylen !== length) refuse('keylen', 'Must equal the hash length in bytes');
      const cost = positiveInt(custom.cost, 'cost', 16384);
      if ((cost & (cost - 1)) !== 0 || cost < 2) refuse('cost', 'Must be a power of two greater than 1');
      return encodeImportedHash({
        kind: 'scrypt',
        hash,
        salt: bytes(custom.salt, 'salt', 'utf8'),
        cost,
        blockSize: positiveInt(custom.blockSize, 'blockSize', 8),
        parallelization: positiveInt(custom.parallelization, 'parallelization', 1),
        password: passwordEncoding(custom.password),
      });
    }
    case 'hmac':
      return encodeImportedHash({
        kind: 'hmac',
        digest: oneOf<Digest>(hashField.digest, DIGESTS, 'hash.digest'),
        hash: bytes(hashField, 'hash', 'hex'),
        key: bytes(hashField.key, 'hash.key', 'utf8'),
        ...saltOf(custom.salt),
        password: passwordEncoding(custom.password),
      });
    default:
      return encodeImportedHash({
        kind: 'digest',
        digest: algorithm,
        hash: bytes(hashField, 'hash', 'hex'),
        ...saltOf(custom.salt),
        password: passwordEncoding(custom.password),
      });
  }
}

/**
 * The stored form of an import row's password: Auth0's `password_hash` (bcrypt only) or its
 * `custom_password_hash` (argon2, bcrypt, hmac, md5, sha1, sha256, sha512, pbkdf2, scrypt). The two
 * are mutually exclusive, as in Auth0. undefined when the row has neither.
 */
export function importedPasswordHash(row: { password_hash?: unknown; custom_password_hash?: unknown }): HashParse | undefined {
  if (row.password_hash !== undefined && row.custom_password_hash !== undefined)
    return { problem: { field: 'custom_password_hash', rule: 'Cannot be combined with password_hash' } };
  if (row.password_hash !== undefined) {
    if (typeof row.password_hash !== 'string' || !isBcrypt(row.password_hash))
      return { problem: { field: 'password_hash', rule: 'Expected a bcrypt hash ($2a$, $2b$ or $2y$)' } };
    return { stored: row.password_hash };
  }
  if (row.custom_password_hash === undefined) return undefined;
  try {
    return { stored: parse(row.custom_password_hash) };
  } catch (error) {
    if (error instanceof Refused) return { problem: error.problem };
    throw error;
  }
}
