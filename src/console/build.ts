import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The console's sources (React + Vite) and where their build goes. */
export const CONSOLE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../console');
export const CONSOLE_DIST = path.join(CONSOLE_ROOT, 'dist');
const STAMP = '.source-hash';

const DOMAIN = path.resolve(CONSOLE_ROOT, '../src/domain');

/**
 * Files outside console/ that its build reads: the resource types, the scope list and the event
 * types it shares with the server (console/src/api/resources.ts), and the locked dependency versions.
 */
function sharedInputs(): string[] {
  const types = fs
    .readdirSync(DOMAIN, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.types.ts'))
    .map((file) => path.join(DOMAIN, file));
  return [
    ...types,
    path.join(DOMAIN, 'resource-servers/management-api.ts'),
    path.join(DOMAIN, 'events/event-types.ts'),
    path.resolve(CONSOLE_ROOT, '../package-lock.json'),
  ];
}

function listSources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'dist' || entry.name.startsWith('dist.') || entry.name === 'node_modules') return [];
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listSources(full) : [full];
  });
}

/** A hash of every input of the build, so a stale build is noticed whatever the file times say (fresh clones reset them). */
export function consoleSourceHash(): string {
  const hash = crypto.createHash('sha256');
  const files = listSources(CONSOLE_ROOT).concat(sharedInputs()).sort();
  for (const file of files) {
    hash.update(path.relative(CONSOLE_ROOT, file)).update('\0');
    if (fs.existsSync(file)) hash.update(fs.readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

export function consoleBuildIsCurrent(): boolean {
  const stamp = path.join(CONSOLE_DIST, STAMP);
  return (
    fs.existsSync(path.join(CONSOLE_DIST, 'index.html')) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === consoleSourceHash()
  );
}

/**
 * Builds the console when its build is missing or older than its sources, so `npm start` works on a
 * fresh clone. The build goes to a temporary folder first and is swapped in whole, so a server
 * already serving the old build never sees half of the new one.
 */
export async function ensureConsoleBuilt(log: (line: string) => void = () => {}): Promise<'current' | 'built'> {
  if (consoleBuildIsCurrent()) return 'current';
  log('Building the admin console (console/ changed or was never built)…');
  const sourceHash = consoleSourceHash();
  const tmp = `${CONSOLE_DIST}.tmp-${process.pid}`;
  const { build } = await import('vite');
  await build({ configFile: path.join(CONSOLE_ROOT, 'vite.config.ts'), logLevel: 'warn', build: { outDir: tmp, emptyOutDir: true } });
  fs.writeFileSync(path.join(tmp, STAMP), sourceHash);
  fs.rmSync(CONSOLE_DIST, { recursive: true, force: true });
  fs.renameSync(tmp, CONSOLE_DIST);
  const report = readBundleReport();
  if (report)
    log(
      `Admin console built: first screen ${(report.firstScreenGzipBytes / 1024).toFixed(1)} kB of JavaScript (gzip), budget ${report.budgetGzipBytes / 1024} kB.`,
    );
  return 'built';
}

export interface BundleReport {
  firstScreenGzipBytes: number;
  budgetGzipBytes: number;
  firstScreenChunks: string[];
  chunks: { file: string; gzipBytes: number }[];
}

/** Written by the build (console/vite.config.ts): what the first screen loads, gzipped. */
export function readBundleReport(): BundleReport | undefined {
  const file = path.join(CONSOLE_DIST, 'bundle-report.json');
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as BundleReport) : undefined;
}
