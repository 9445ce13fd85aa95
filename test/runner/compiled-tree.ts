// The suite runs compiled: every TypeScript file of src/ and test/ transpiled once to JavaScript in
// .tmp/test-build/, and each test process runs that with plain node. Under tsx, every module a test
// process loads (about a thousand: the whole server and its dependencies) passes through tsx's
// loader hooks, which on Node 20 run on a thread of their own and answer each import by message:
// measured, that cost 3 s of CPU for every test file, more than most files' tests take.
//
// The tree mirrors the checkout, so that code finding files next to itself (import.meta.url) finds
// the same ones: each TypeScript file sits beside its compiled module as a link to the source,
// every other file of src/ and test/ is a link too, and the checkout's other top-level entries
// (console/, package.json, node_modules/…) are linked into the tree's root.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export const TREE = path.join('.tmp', 'test-build');
const COMPILED = ['src', 'test'];
// What the tree holds itself, or what must not be reached through it.
const NOT_LINKED = new Set([...COMPILED, '.git', '.tmp']);

const OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ES2022,
  // Failures name the TypeScript file and line (node runs with --enable-source-maps).
  inlineSourceMap: true,
  inlineSources: false,
};

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? files(full) : [full];
  });
}

function link(target: string, at: string): void {
  const wanted = path.relative(path.dirname(at), target);
  const existing = fs.lstatSync(at, { throwIfNoEntry: false });
  if (existing?.isSymbolicLink() && fs.readlinkSync(at) === wanted) return;
  // Whatever else is there (an older link, a file or folder of an earlier tree) gives way.
  if (existing) fs.rmSync(at, { recursive: true, force: true });
  try {
    fs.symlinkSync(wanted, at);
  } catch (error) {
    // Another run in the same checkout made it meanwhile.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/** Writes whole or not at all (renamed into place), so a run alongside never reads half a module. */
function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

function isTypeScript(file: string): boolean {
  return file.endsWith('.ts') && !file.endsWith('.d.ts');
}

/**
 * Brings the tree up to date and returns it. A module is recompiled only when its source changed
 * (its hash is kept beside it), so a second run costs a few hashes.
 */
export function buildCompiledTree(root = process.cwd()): string {
  const tree = path.join(root, TREE);
  fs.mkdirSync(tree, { recursive: true });
  // The browser suites save screenshots under test-artifacts/ (found from import.meta.url): made
  // here if missing, so that the tree links it rather than holding a folder of its own.
  fs.mkdirSync(path.join(root, 'test-artifacts'), { recursive: true });
  for (const entry of fs.readdirSync(root)) {
    if (!NOT_LINKED.has(entry)) link(path.join(root, entry), path.join(tree, entry));
  }
  const wanted = new Set<string>();
  for (const source of COMPILED.flatMap((dir) => files(path.join(root, dir)))) {
    const relative = path.relative(root, source);
    const at = path.join(tree, relative);
    fs.mkdirSync(path.dirname(at), { recursive: true });
    link(source, at);
    wanted.add(at);
    if (!isTypeScript(source)) continue;
    const output = at.replace(/\.ts$/, '.js');
    const hashFile = `${output}.source-hash`;
    wanted.add(output).add(hashFile);
    const text = fs.readFileSync(source, 'utf8');
    const hash = crypto.createHash('sha256').update(text).digest('hex');
    if (fs.existsSync(output) && fs.existsSync(hashFile) && fs.readFileSync(hashFile, 'utf8') === hash) continue;
    const { outputText } = ts.transpileModule(text, { fileName: source, compilerOptions: OPTIONS });
    writeAtomically(output, outputText);
    writeAtomically(hashFile, hash);
  }
  // What a deleted or renamed source left behind.
  for (const dir of COMPILED) {
    for (const file of files(path.join(tree, dir))) {
      // A module another run is writing right now is not left behind.
      if (!wanted.has(file) && !/\.tmp-\d+$/.test(file)) fs.rmSync(file);
    }
  }
  return tree;
}
