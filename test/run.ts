// Runs every test file. Node 20's --test does not expand globs, so the files are listed here.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildCompiledTree } from './runner/compiled-tree.js';

function collect(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'helpers' || entry.name === 'fixtures' ? [] : collect(full);
    return entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

// The tests that start the real CLI run the compiled server, and the console tests drive its built
// pages: build both once here (`npm run build`, which skips what is current), not in each test process.
const build = spawnSync(process.execPath, ['scripts/build.js'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

// `--without-browser` runs the storage, API and protocol suites only: every file that drives no
// Chromium, less the static checks and the bench smoke. `.ci/run` runs them again on a second Node.
// `--list` prints the files it would run and stops.
const args = process.argv.slice(2);
const withoutBrowser = args.includes('--without-browser');
const filter = args.filter((arg) => !arg.startsWith('--'));
function drivesBrowser(file: string, seen = new Set<string>()): boolean {
  if (seen.has(file) || !fs.existsSync(file)) return false;
  seen.add(file);
  const source = fs.readFileSync(file, 'utf8');
  if (source.includes("from 'playwright-core'")) return true;
  // Follow the test's own helpers and fixtures, which is where most suites reach Chromium.
  const local = [...source.matchAll(/from '(\.[^']+)\.js'/g)].map((m) => path.join(path.dirname(file), `${m[1]}.ts`));
  return local.some((dep) => dep.startsWith('test/') && drivesBrowser(dep, seen));
}
// The long files go first: with two at a time, one long file last would leave a core idle while it ends.
const long = (file: string) =>
  drivesBrowser(file) || /^test\/(cli|cluster|bench)\//.test(file) || /(database-outage|processes|console-serving)\.test\.ts$/.test(file);
const files = collect('test')
  .filter((f) => filter.length === 0 || filter.some((p) => f.includes(p)))
  .filter((f) => !withoutBrowser || !(drivesBrowser(f) || f.startsWith('test/architecture') || f.startsWith('test/bench')))
  .sort((a, b) => Number(long(b)) - Number(long(a)) || a.localeCompare(b));
// With no file, `node --test` would search the whole checkout for tests of its own.
if (files.length === 0) {
  process.stderr.write(`No test file matches ${filter.join(' ')}\n`);
  process.exit(1);
}
if (args.includes('--list')) {
  process.stdout.write(`${files.join('\n')}\n`);
  process.exit(0);
}
// Each file runs compiled, with plain node: see runner/compiled-tree.ts.
const tree = buildCompiledTree();
const compiled = files.map((file) => path.join(tree, file.replace(/\.ts$/, '.js')));
const result = spawnSync(
  process.execPath,
  [
    '--enable-source-maps',
    '--test',
    '--test-concurrency=2',
    '--test-reporter=tap',
    '--test-reporter-destination=stdout',
    // Lists the failures again once the suite is over: see the file.
    '--test-reporter=./test/reporters/failures.mjs',
    '--test-reporter-destination=stdout',
    ...compiled,
  ],
  {
    stdio: 'inherit',
    env: {
      ...process.env,
      NODE_EXTRA_CA_CERTS: path.resolve('test/fixtures/tls/cert.pem'),
      // Node 22+ keeps the code it compiled for the next process (Node 20 ignores it): every test file
      // loads much the same thousand modules, and the servers they start again.
      NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE ?? path.resolve('.tmp', 'compile-cache'),
    },
  },
);
process.exit(result.status ?? 1);
