// The compiled server. `npm run build` compiles src/ to dist/ with tsc and builds the console's
// bundle; bin/gatehouse.js runs dist/ with plain node and calls `ensureServerBuilt` first, so
// `npm install && npm start` on a fresh clone compiles once and later starts skip it. Plain
// JavaScript: this file runs before anything is compiled, and in production without tsx.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC = path.join(ROOT, 'src');
export const DIST = path.join(ROOT, 'dist');
const STAMP = '.source-hash';
// Besides src/: what changes the output of tsc or the code it imports.
const INPUTS = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'].map((file) => path.join(ROOT, file));

function sources(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sources(full) : [full];
  });
}

/** A hash of every input of the build, so a stale build is noticed whatever the file times say (fresh clones reset them). */
function sourceHash() {
  const hash = crypto.createHash('sha256');
  for (const file of sources(SRC).concat(INPUTS).sort()) {
    hash.update(path.relative(ROOT, file)).update('\0');
    if (fs.existsSync(file)) hash.update(fs.readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

function isCurrent(hash) {
  const stamp = path.join(DIST, STAMP);
  return fs.existsSync(path.join(DIST, 'main.js')) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === hash;
}

/**
 * Compiles into a temporary folder and swaps it in whole, so a process starting meanwhile never
 * imports half of a new build; the stamp is written last, so a failed build is never taken as current.
 */
function compile(hash) {
  let tsc;
  try {
    tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    throw new Error('dist/ is missing or older than src/, and TypeScript is not installed: run `npm install`, then `npm run build`.');
  }
  const tmp = path.join(ROOT, `dist.tmp-${process.pid}`);
  fs.rmSync(tmp, { recursive: true, force: true });
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', tmp], { stdio: 'inherit' });
  if (result.status !== 0) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw new Error('compiling the server failed (tsc -p tsconfig.build.json)');
  }
  fs.writeFileSync(path.join(tmp, STAMP), hash);
  const old = path.join(ROOT, `dist.old-${process.pid}`);
  if (fs.existsSync(DIST)) fs.renameSync(DIST, old);
  fs.renameSync(tmp, DIST);
  fs.rmSync(old, { recursive: true, force: true });
}

/** Compiles the server when dist/ is missing or older than its sources. */
export function ensureServerBuilt(log) {
  const hash = sourceHash();
  if (isCurrent(hash)) return;
  log('Compiling the server to dist/ (once, and again whenever src/ changes)…');
  compile(hash);
}

// `npm run build`: the server, then the console (its build code is part of the server).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const log = (line) => process.stdout.write(`${line}\n`);
  ensureServerBuilt(log);
  const { ensureConsoleBuilt } = await import(pathToFileURL(path.join(DIST, 'console/build.js')).href);
  await ensureConsoleBuilt(log);
  log('Build is current: dist/ and console/dist/.');
}
