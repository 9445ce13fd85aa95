import { Session } from 'node:inspector/promises';

/** The parts of a V8 CPU profile (`.cpuprofile`) the summaries read. */
export interface Profile {
  nodes: { id: number; children?: number[]; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples?: number[];
  timeDeltas?: number[];
}

/** Starts V8's sampling profiler on this thread; `stop()` returns the profile. */
export async function startCpuProfile(intervalUs = 200): Promise<{ stop(): Promise<Profile> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: intervalUs });
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      return profile as unknown as Profile;
    },
  };
}

/** Sampled self time per function (µs), keyed `name file:line`; `(idle)` included. */
export function selfTimes(profile: Profile): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const dt = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id, i) => {
    const f = byId.get(id)!.callFrame;
    const where = f.url ? `${f.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/main\//, '')}:${f.lineNumber + 1}` : '';
    const key = `${f.functionName || '(anonymous)'} ${where}`.trim();
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0));
  });
  return self;
}

/**
 * Inclusive time (µs) of every sample whose stack passes through a frame matching `match`
 * (e.g. all of better-sqlite3, or all of Kysely), counted once per sample.
 */
export function inclusiveTime(profile: Profile, match: (url: string, name: string) => boolean): number {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const hits = new Map<number, boolean>();
  const passes = (id: number): boolean => {
    const known = hits.get(id);
    if (known !== undefined) return known;
    const f = byId.get(id)!.callFrame;
    const up = parent.get(id);
    const result = match(f.url, f.functionName) || (up !== undefined && passes(up));
    hits.set(id, result);
    return result;
  };
  const dt = profile.timeDeltas ?? [];
  let total = 0;
  (profile.samples ?? []).forEach((id, i) => {
    if (passes(id)) total += dt[i] ?? 0;
  });
  return total;
}

/** Where Gatehouse's main-thread time goes, for the profile summaries (a sample may count in several). */
export const CPU_GROUPS: [string, (url: string, name: string) => boolean][] = [
  ['oidc-provider (incl. the hooks and adapter it calls)', (url) => url.includes('node_modules/oidc-provider/')],
  ['Gatehouse oidc hooks and adapter (src/oidc)', (url) => url.includes('/src/oidc/')],
  ['hosted login pages (src/login)', (url) => url.includes('/src/login/')],
  ['jose (RS256 signatures)', (url) => url.includes('node_modules/jose/')],
  ['SQL: Kysely compile + better-sqlite3 / pg', (url) => /node_modules\/(kysely|better-sqlite3|pg|pg-protocol)\//.test(url)],
  [
    'Fastify (routing, hooks, validation, serialization)',
    (url) => /node_modules\/(fastify|@fastify\/[a-z-]+|find-my-way|avvio|fast-json-stringify)\//.test(url),
  ],
  ['node:http (parse requests, write responses)', (url) => /^node:(_http_|http$|net$|internal\/stream_base_commons)/.test(url)],
  ['cookies + keygrip (signed cookies)', (url) => /node_modules\/(cookies|keygrip)\//.test(url)],
  ['garbage collector', (_url, name) => name === '(garbage collector)'],
];

/** Sample timestamps (µs, the profiled process's monotonic clock, which is CLOCK_MONOTONIC on Linux as process.hrtime is). */
function sampleTimes(profile: Profile & { startTime?: number }): number[] {
  let t = profile.startTime ?? 0;
  return (profile.timeDeltas ?? []).map((dt) => {
    t += dt;
    return t;
  });
}

/**
 * The samples taken between `fromUs` and `toUs` only (process.hrtime µs of any process on the
 * machine): a profile of a whole process (`node --cpu-prof`) cut down to a load window.
 */
export function windowOf(profile: Profile, fromUs: number, toUs: number): Profile {
  const times = sampleTimes(profile);
  const samples: number[] = [];
  const timeDeltas: number[] = [];
  times.forEach((t, i) => {
    if (t < fromUs || t > toUs) return;
    samples.push(profile.samples![i]);
    timeDeltas.push(profile.timeDeltas![i]);
  });
  return { nodes: profile.nodes, samples, timeDeltas };
}

/** Where a frame's code comes from: a package, a node: module, a folder of src/, or V8's own entries. */
export function packageOf(url: string, name: string): string {
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return url.replace(/^node:(internal\/)?/, 'node:').split('/')[0];
  const own = url.match(/\/(?:src|dist)\/([^/]+)\//);
  if (own) return `gatehouse ${own[1]}/`;
  return url ? url.replace(/^.*\//, '') : name;
}

/** Sampled self time (µs) by `packageOf`; `(idle)` included. */
export function selfByPackage(profile: Profile): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const out = new Map<string, number>();
  const dt = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id, i) => {
    const f = byId.get(id)!.callFrame;
    const key = packageOf(f.url, f.functionName);
    out.set(key, (out.get(key) ?? 0) + (dt[i] ?? 0));
  });
  return out;
}
