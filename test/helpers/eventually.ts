/**
 * Polls `probe` until `done` holds for its result or `ms` pass; returns the last result, for the
 * caller to assert on. For states another process reaches in its own time: nothing is timed.
 */
export async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
