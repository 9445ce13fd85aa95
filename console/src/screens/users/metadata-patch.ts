type Json = Record<string, unknown>;

/** The edited text as a metadata object, or why it cannot be one. */
export function parseMetadata(text: string): { value: Json } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text.trim() || '{}');
  } catch (error) {
    return { problem: `Not valid JSON: ${(error as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { problem: 'Must be a JSON object, like {"key": "value"}.' };
  // A top-level null is how a PATCH removes a key, so it could never be stored as shown.
  const nullKey = Object.entries(value).find(([, v]) => v === null)?.[0];
  if (nullKey !== undefined) return { problem: `"${nullKey}" is null: remove the key instead.` };
  return { value: value as Json };
}

/**
 * The PATCH value that turns `current` into exactly `next`. The API merges top-level keys (a key
 * set to null is removed, {} clears all, nested objects are replaced whole), so send the changed
 * keys and null for each removed one; undefined when nothing changed.
 */
export function metadataPatch(current: Json, next: Json): Json | undefined {
  if (Object.keys(next).length === 0) return Object.keys(current).length === 0 ? undefined : {};
  const patch: Json = {};
  for (const [key, value] of Object.entries(next)) if (JSON.stringify(current[key]) !== JSON.stringify(value)) patch[key] = value;
  for (const key of Object.keys(current)) if (!(key in next)) patch[key] = null;
  return Object.keys(patch).length === 0 ? undefined : patch;
}
