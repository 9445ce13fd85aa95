// A secret just created or rotated, handed from the screen that received it to the credentials tab.
// Kept in memory only, never in history state or storage: a reload must not bring it back.
const pending = new Map<string, string>();

export function holdSecret(clientId: string, secret: string): void {
  pending.set(clientId, secret);
}

export function peekSecret(clientId: string): string | undefined {
  return pending.get(clientId);
}

export function forgetSecret(clientId: string): void {
  pending.delete(clientId);
}
