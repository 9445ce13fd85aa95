import type { AuthenticationMethod } from '../api/resources';

const LABELS: Record<AuthenticationMethod['type'], string> = {
  totp: 'Authenticator app',
  'webauthn-roaming': 'Security key',
  'webauthn-platform': 'Device biometrics',
  passkey: 'Passkey',
  email: 'Email codes',
  'recovery-code': 'Recovery codes',
};

/** How a person reads an authentication method: its kind, and its name when it has one. */
export function methodLabel(method: AuthenticationMethod): string {
  const kind = LABELS[method.type] ?? method.type;
  return method.name ? `${kind} (${method.name})` : kind;
}
