/** Parses a JSON column, falling back when the stored value is null. */
export function parseJson<T>(value: string | null | undefined, fallback: T): T {
  if (value === null || value === undefined || value === '') return fallback;
  return JSON.parse(value) as T;
}

/** 0/1 integer columns to booleans. */
export const bool = (value: number | null | undefined): boolean => value === 1;
export const int = (value: boolean): number => (value ? 1 : 0);
