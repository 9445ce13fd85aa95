/**
 * The names of the fields a request set, sorted: what an event's details say changed. Names only,
 * never values, since one may be a password or a secret.
 */
export function changedFields(input: object): string[] {
  return Object.entries(input)
    .filter(([, value]) => value !== undefined)
    .map(([key]) => key)
    .sort();
}
