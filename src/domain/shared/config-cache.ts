/**
 * A read-through cache of configuration that every protocol request reads and that changes rarely:
 * applications, APIs (resource servers) and client grants. The token endpoint read each of them
 * from the database on every request (4 statements per client-credentials token).
 *
 * Why a short time-to-live and not a version row: other processes write the same tables (the
 * workers of GATEHOUSE_WORKERS, a second server on the same database, `gatehouse start`'s bootstrap,
 * an operator's SQL). A version row only helps if every writer bumps it, and checking it is itself a
 * query per request. A TTL bounds staleness whoever wrote the row, at the cost of one read per key
 * and second. Within this process every write through the domain services clears the cache after it
 * commits, so a Management API change applies at once to the next request here; elsewhere it
 * applies within `CONFIG_CACHE_TTL_MS`.
 *
 * The cache holds the pending load, not its result: a clear drops loads still in flight too, so a
 * read that began before a write can never put the old value back for a whole TTL.
 */

/** How long another process's change may go unseen here (ms). */
export const CONFIG_CACHE_TTL_MS = 1000;
/** Entries kept at most; a flood of unknown ids clears the cache rather than growing it. */
const MAX_ENTRIES = 10_000;

export interface ConfigCache {
  /**
   * The cached value of `key`, or the result of `load()` (negative results are cached too). Every
   * request gets the same object, so it is frozen.
   */
  get<T>(key: string, load: () => Promise<T>): Promise<T>;
  /** Forgets everything; call after a write to any cached table has committed. */
  clear(): void;
}

export function createConfigCache(options: { ttlMs?: number; now?: () => number } = {}): ConfigCache {
  const ttl = options.ttlMs ?? CONFIG_CACHE_TTL_MS;
  // Monotonic: the domain clock may be frozen or moved by tests, and wall time can jump.
  const now = options.now ?? (() => performance.now());
  const entries = new Map<string, { value: Promise<unknown>; until: number }>();

  return {
    get<T>(key: string, load: () => Promise<T>): Promise<T> {
      const hit = entries.get(key);
      if (hit && hit.until > now()) return hit.value as Promise<T>;
      const value = load().then(deepFreeze);
      // Concurrent requests for the same key share one load; a failure is not kept.
      if (entries.size >= MAX_ENTRIES) entries.clear();
      entries.set(key, { value, until: now() + ttl });
      value.catch(() => {
        if (entries.get(key)?.value === value) entries.delete(key);
      });
      return value;
    },
    clear() {
      entries.clear();
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
