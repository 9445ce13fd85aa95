/**
 * U+0000 is refused in every string a client sends: PostgreSQL cannot store it in text (a 500)
 * while SQLite stores it (names that look equal but are not), so both dialects refuse it alike,
 * before any query.
 */

/** Where a NUL was found: the JSON pointer of the value (`/user_metadata/nick`), and whether a property name held it. */
export interface NulLocation {
  instancePath: string;
  inPropertyName: boolean;
}

const pointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * The first string or property name holding U+0000 in a parsed body, query or path parameters.
 * Iterative, so a deeply nested JSON body cannot exhaust the stack.
 */
export function findNulCharacter(data: unknown): NulLocation | undefined {
  const pending: { value: unknown; path: string }[] = [{ value: data, path: '' }];
  while (pending.length > 0) {
    const { value, path } = pending.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return { instancePath: path, inPropertyName: false };
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i -= 1) pending.push({ value: value[i], path: `${path}/${i}` });
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value);
      for (const [key] of entries) if (key.includes('\u0000')) return { instancePath: path, inPropertyName: true };
      for (let i = entries.length - 1; i >= 0; i -= 1) pending.push({ value: entries[i][1], path: `${path}/${pointer(entries[i][0])}` });
    }
  }
  return undefined;
}
