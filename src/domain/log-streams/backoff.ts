/**
 * The wait before the next attempt after `failures` consecutive failures: exponential from the
 * base, capped, with "equal jitter" (half fixed, half random) so that streams failing together do
 * not all come back to a recovering receiver at the same instant.
 */
export function retryDelayMs(failures: number, options: { retryBaseMs: number; retryMaxMs: number }, random = Math.random): number {
  const exponential = Math.min(options.retryBaseMs * 2 ** Math.min(failures - 1, 30), options.retryMaxMs);
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}
