import { DomainError, type ErrorCode } from '../errors.js';

/** Auth0's password strength levels for database connections. */
export const PASSWORD_POLICIES = ['none', 'low', 'fair', 'good', 'excellent'] as const;
export type PasswordStrength = (typeof PASSWORD_POLICIES)[number];

/** The longest password accepted anywhere: bounds the argon2 work an unauthenticated request causes. */
export const MAX_PASSWORD_LENGTH = 128;

/**
 * Gatehouse's rule for a connection that names no `passwordPolicy`: at least 8 characters, as every
 * Gatehouse version before the policies enforced (Auth0's own default is `none`).
 */
const UNSET_MIN_LENGTH = 8;

export type CharacterType = 'lower' | 'upper' | 'number' | 'special';

/** A connection's password options, resolved from its Auth0-named options. */
export interface PasswordPolicy {
  /** undefined: the connection names no level (Gatehouse's 8-character rule). */
  strength?: PasswordStrength;
  minLength: number;
  /** Character types required: `atLeast` of `of`. */
  types?: { atLeast: number; of: CharacterType[] };
  /** Longest run of one repeated character (excellent: 2). */
  maxRepeated?: number;
  /** How many previous passwords may not be reused (0: off). */
  historySize: number;
  noPersonalInfo: boolean;
  /** Dictionary check: the common-password list plus the connection's own words. */
  dictionary?: { words: string[] };
}

/** One rule a password broke, with its limits: each surface words it. */
export type PasswordFailure =
  | { rule: 'length'; min: number; max: number }
  | { rule: 'character_types'; atLeast: number; of: CharacterType[] }
  | { rule: 'identical_characters'; max: number }
  | { rule: 'dictionary' }
  | { rule: 'personal_info' }
  | { rule: 'history'; size: number };

const ALL_TYPES: CharacterType[] = ['lower', 'upper', 'number', 'special'];

const LEVELS: Record<PasswordStrength, Pick<PasswordPolicy, 'minLength' | 'types' | 'maxRepeated'>> = {
  none: { minLength: 1 },
  low: { minLength: 6 },
  fair: { minLength: 8, types: { atLeast: 3, of: ['lower', 'upper', 'number'] } },
  good: { minLength: 8, types: { atLeast: 3, of: ALL_TYPES } },
  excellent: { minLength: 10, types: { atLeast: 3, of: ALL_TYPES }, maxRepeated: 2 },
};

interface ToggleOption {
  enable?: boolean;
}

/** The policy a database connection's options describe; `min_length` overrides the level's length. */
export function passwordPolicyOf(options: Record<string, unknown>): PasswordPolicy {
  const strength = options.passwordPolicy as PasswordStrength | undefined;
  const level = strength ? LEVELS[strength] : { minLength: UNSET_MIN_LENGTH };
  const complexity = options.password_complexity_options as { min_length?: number } | undefined;
  const history = options.password_history as (ToggleOption & { size?: number }) | undefined;
  const personal = options.password_no_personal_info as ToggleOption | undefined;
  const dictionary = options.password_dictionary as (ToggleOption & { dictionary?: string[] }) | undefined;
  return {
    strength,
    ...level,
    minLength: complexity?.min_length ?? level.minLength,
    // Auth0 keeps the last 5 when history is on without a size.
    historySize: history?.enable ? (history.size ?? 5) : 0,
    noPersonalInfo: personal?.enable === true,
    dictionary: dictionary?.enable ? { words: dictionary.dictionary ?? [] } : undefined,
  };
}

function typeOf(char: string): CharacterType {
  if (/\p{Ll}/u.test(char)) return 'lower';
  if (/\p{Lu}/u.test(char)) return 'upper';
  if (/\p{Nd}/u.test(char)) return 'number';
  return 'special';
}

/** Length, character types and repeated characters: the rules that need nothing but the password. */
export function strengthFailures(policy: PasswordPolicy, password: string): PasswordFailure[] {
  const failures: PasswordFailure[] = [];
  const length = [...password].length;
  if (length < policy.minLength || length > MAX_PASSWORD_LENGTH)
    failures.push({ rule: 'length', min: policy.minLength, max: MAX_PASSWORD_LENGTH });
  if (policy.types) {
    const present = new Set([...password].map(typeOf));
    if (policy.types.of.filter((t) => present.has(t)).length < policy.types.atLeast)
      failures.push({ rule: 'character_types', ...policy.types });
  }
  if (policy.maxRepeated !== undefined && new RegExp(`(.)\\1{${policy.maxRepeated}}`, 'su').test(password)) {
    failures.push({ rule: 'identical_characters', max: policy.maxRepeated });
  }
  return failures;
}

// Auth0's dictionary is the 10,000 most common passwords; zxcvbn's list is ordered by frequency.
const COMMON_PASSWORD_COUNT = 10_000;
let commonPasswords: Promise<Set<string>> | undefined;

/** Loaded on first use, once per process: the list is large and most tenants never enable it. */
function loadCommonPasswords(): Promise<Set<string>> {
  return (commonPasswords ??= import('@zxcvbn-ts/language-common').then(
    ({ dictionary }) => new Set((dictionary['passwords-common'] as string[]).slice(0, COMMON_PASSWORD_COUNT).map((w) => w.toLowerCase())),
  ));
}

/** True when the password, ignoring case, is a common password or one of the connection's words. */
export async function isDictionaryWord(policy: PasswordPolicy, password: string): Promise<boolean> {
  if (!policy.dictionary) return false;
  const candidate = password.toLowerCase();
  if (policy.dictionary.words.some((w) => w.toLowerCase() === candidate)) return true;
  return (await loadCommonPasswords()).has(candidate);
}

/** What a password may not contain when `password_no_personal_info` is on. */
export interface PersonalInfo {
  email?: string | null;
  username?: string | null;
  name?: string | null;
  given_name?: string | null;
  family_name?: string | null;
  nickname?: string | null;
}

/**
 * As Auth0: the password may not contain (ignoring case) the user's name, username, nickname or
 * the local part of their email. Parts shorter than 3 characters are ignored, or "Jo" would refuse
 * every password with "jo" in it.
 */
export function containsPersonalInfo(password: string, info: PersonalInfo): boolean {
  const lower = password.toLowerCase();
  const local = info.email?.split('@')[0];
  const parts = [local, info.username, info.name, info.given_name, info.family_name, info.nickname]
    .filter((p): p is string => typeof p === 'string')
    .map((p) => p.trim().toLowerCase())
    .filter((p) => p.length >= 3);
  return parts.some((p) => lower.includes(p));
}

/** The error code of each rule's family (Auth0's families: strength, dictionary, personal info, history). */
const CODE_OF: Record<PasswordFailure['rule'], ErrorCode> = {
  length: 'password_strength_error',
  character_types: 'password_strength_error',
  identical_characters: 'password_strength_error',
  dictionary: 'password_dictionary_error',
  personal_info: 'password_no_user_info_error',
  history: 'password_history_error',
};

const TYPE_WORDS: Record<CharacterType, string> = {
  lower: 'lower case letters (a-z)',
  upper: 'upper case letters (A-Z)',
  number: 'numbers (0-9)',
  special: 'special characters (e.g. !@#$%^&*)',
};

/** The length rule as the pages state it beside a new password's field: "at least 8 characters". */
export const minLengthHint = (min: number): string => `at least ${min} character${min === 1 ? '' : 's'}`;

/** One failed rule in plain words, for people (login pages, and after the Management API's sentence). */
export function describePasswordFailure(failure: PasswordFailure): string {
  switch (failure.rule) {
    case 'length':
      return failure.min === failure.max ? `Use exactly ${failure.min} characters.` : `Use ${failure.min} to ${failure.max} characters.`;
    case 'character_types':
      return failure.atLeast === failure.of.length
        ? `Include ${failure.of.map((t) => TYPE_WORDS[t]).join(', ')}.`
        : `Include at least ${failure.atLeast} of these ${failure.of.length} types: ${failure.of.map((t) => TYPE_WORDS[t]).join(', ')}.`;
    case 'identical_characters':
      return `Do not repeat a character more than ${failure.max} times in a row (e.g. "aaa" is not allowed).`;
    case 'dictionary':
      return 'Choose a less common password.';
    case 'personal_info':
      return 'Do not use your name, username or email address in your password.';
    case 'history':
      return `Do not reuse any of your last ${failure.size} passwords.`;
  }
}

/**
 * A password broke the connection's policy. The code is the first failed rule's family; the message
 * names that family's failed rules in plain words; `failures` lets each surface word them itself.
 */
export class PasswordPolicyError extends DomainError {
  readonly failures: PasswordFailure[];

  constructor(failures: PasswordFailure[]) {
    const code = CODE_OF[failures[0].rule];
    super(
      code,
      failures
        .filter((f) => CODE_OF[f.rule] === code)
        .map(describePasswordFailure)
        .join(' '),
    );
    this.failures = failures;
  }
}
