/**
 * Keys whose values never enter an event, at any depth: credentials, tokens, assertions and
 * secrets. Matched case-insensitively on the whole key; the key is dropped, not masked, so a log
 * reader cannot even learn a secret's length.
 */
const SECRET_KEYS = new Set(
  [
    'password',
    'new_password',
    'old_password',
    'password_hash',
    'client_secret',
    'secret',
    'token',
    'access_token',
    'refresh_token',
    'id_token',
    'code',
    'code_verifier',
    'assertion',
    'samlresponse',
    'samlrequest',
    'authorization',
    'httpauthorization',
    'webhooksecret',
    'signing_key',
    'private_key',
    'otp',
    'recovery_code',
    'ticket',
    'cookie',
  ].map((key) => key.toLowerCase()),
);

/** A copy of `value` without the secret keys, and with no value longer than `MAX_STRING`. */
export function withoutSecrets(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[truncated]';
  if (Array.isArray(value)) return value.slice(0, 100).map((item) => withoutSecrets(item, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (SECRET_KEYS.has(key.toLowerCase())) continue;
      out[key] = withoutSecrets(item, depth + 1);
    }
    return out;
  }
  if (typeof value === 'string' && value.length > MAX_STRING) return `${value.slice(0, MAX_STRING)}…`;
  return value;
}

const MAX_STRING = 2000;
