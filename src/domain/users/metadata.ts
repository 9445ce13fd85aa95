import { invalidInput } from '../errors.js';

/** Largest stored user_metadata or app_metadata, as serialized JSON (a Gatehouse limit). */
export const MAX_METADATA_BYTES = 16 * 1024;

/**
 * Auth0's metadata PATCH: top-level keys merge, a key set to null is removed, and an empty object
 * clears everything. Nested objects are replaced, not merged.
 */
export function mergeMetadata(
  field: 'user_metadata' | 'app_metadata',
  current: Record<string, unknown>,
  patch: Record<string, unknown> | undefined,
): Record<string, unknown> {
  if (patch === undefined) return current;
  const merged: Record<string, unknown> = Object.keys(patch).length === 0 ? {} : { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  const bytes = Buffer.byteLength(JSON.stringify(merged));
  if (bytes > MAX_METADATA_BYTES) {
    invalidInput(field, `Metadata is too large (${bytes} bytes), maximum ${MAX_METADATA_BYTES}`, { limit: MAX_METADATA_BYTES });
  }
  return merged;
}
