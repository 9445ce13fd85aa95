/**
 * The one rule for an email address a person gives (sign-in, sign-up, password reset, `/dbconnections`,
 * users import): something@domain.tld without spaces, at most 254 characters (RFC 5321 §4.5.3.1.3's
 * path limit less the angle brackets). Deliberately loose: whether the address works is proved by
 * mail, not by a pattern.
 */
export const EMAIL_MAX_LENGTH = 254;

/** The pattern as a JSON Schema `pattern` (route schemas) and as the RegExp below. */
export const EMAIL_PATTERN = '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$';

const EMAIL = new RegExp(EMAIL_PATTERN);

/** True when `value` follows the rule above. */
export const isEmailAddress = (value: string): boolean => value.length <= EMAIL_MAX_LENGTH && EMAIL.test(value);
