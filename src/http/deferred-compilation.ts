// Route schemas compile when a route first uses them (validation.ts, serialization.ts), not at
// start-up. This keeps the compilations not yet run, so that a check can run them all at once and
// fail on a broken schema as start-up used to (test/http/route-schemas.test.ts).
const pending = new Set<() => unknown>();

/** Registers a schema's compilation; the returned function runs it (once) and is what the route calls. */
export function deferCompilation<T>(compile: () => T): () => T {
  let result: T | undefined;
  let done = false;
  const run = () => {
    if (!done) {
      result = compile();
      done = true;
      pending.delete(run);
    }
    return result as T;
  };
  pending.add(run);
  return run;
}

/** Runs every compilation not yet run, and says how many it ran. */
export function compileDeferredSchemas(): number {
  const all = [...pending];
  for (const run of all) run();
  return all.length;
}
