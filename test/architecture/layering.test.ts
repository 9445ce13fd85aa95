// The arrows of ARCHITECTURE.md as a test: which top-level folder of src/ may import which, and
// what the domain may never import. An arrow that is not listed fails here; the arrows marked
// "to remove" are today's exceptions, which the write-seam redesign takes away (then delete them
// here, and the test keeps them out).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const SRC = path.resolve('src');

/** Every import specifier of every TypeScript file under src/, with the file's top-level folder. */
function imports(): { file: string; from: string; specifier: string }[] {
  const out: { file: string; from: string; specifier: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(entry.name)) {
        const text = fs.readFileSync(full, 'utf8');
        for (const match of text.matchAll(/(?:^|\s)(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
          out.push({ file: path.relative(SRC, full), from: topOf(full), specifier: match[1] ?? match[2] });
        }
      }
    }
  };
  walk(SRC);
  return out;
}

function topOf(file: string): string {
  const relative = path.relative(SRC, file).split(path.sep);
  return relative.length === 1 ? '(entry)' : relative[0];
}

/** The top-level folder an import lands in, or undefined for a package. */
function targetOf(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  return topOf(path.resolve(SRC, path.dirname(file), specifier));
}

/** The arrows that may exist. */
const ALLOWED: Record<string, string[]> = {
  '(entry)': ['config', 'console', 'db', 'domain', 'http', 'oidc'],
  config: [],
  db: ['domain'], // to remove: db/unavailable.ts builds a DomainError; the error model should sit below both
  domain: ['config', 'db'],
  federation: ['db', 'domain'],
  oidc: ['config', 'db', 'domain', 'login'], // to remove: login (its logout pages)
  login: ['db', 'domain', 'federation', 'http', 'oidc'], // to remove: oidc (grants), http (shared helpers)
  management: ['db', 'domain', 'federation', 'http'],
  authentication: ['db', 'domain', 'http', 'management'], // to remove: management (its JSON body parser)
  console: ['db', 'domain'],
  http: ['authentication', 'config', 'console', 'db', 'domain', 'federation', 'login', 'management', 'oidc'],
};

/** Packages of the surfaces, which domain code never imports. */
const SURFACE_PACKAGES = /^(fastify|@fastify\/|oidc-provider|openid-client|@node-saml\/|@xmldom\/|react|vite)/;

describe('layering (ARCHITECTURE.md)', () => {
  const all = imports();

  it('imports only along the arrows ARCHITECTURE.md draws', () => {
    const unknownFolders = new Set(all.map((i) => i.from).filter((from) => !(from in ALLOWED)));
    assert.deepEqual([...unknownFolders], [], 'a new top-level folder: give it its arrows here and in ARCHITECTURE.md');
    const broken = all.flatMap(({ file, from, specifier }) => {
      const to = targetOf(file, specifier);
      return to && to !== from && !ALLOWED[from].includes(to) ? [`${file} imports ${specifier} (${from} → ${to})`] : [];
    });
    assert.deepEqual(broken, []);
  });

  it('keeps HTTP, protocol and page libraries out of the domain', () => {
    const broken = all
      .filter((i) => i.from === 'domain' && SURFACE_PACKAGES.test(i.specifier))
      .map((i) => `${i.file} imports ${i.specifier}`);
    assert.deepEqual(broken, []);
  });

  it('allows no new folder cycle', () => {
    // Today's cycles, each through an arrow marked "to remove" above.
    const known = new Set(['db↔domain', 'login↔oidc', 'http↔login', 'authentication↔http', 'http↔management']);
    const cycles: string[] = [];
    for (const [from, tos] of Object.entries(ALLOWED)) {
      for (const to of tos) if (ALLOWED[to]?.includes(from) && from < to) cycles.push(`${from}↔${to}`);
    }
    assert.deepEqual(
      cycles.filter((c) => !known.has(c)),
      [],
    );
  });

  it('finds the imports it checks (the scan is not empty)', () => {
    assert.ok(all.length > 500, `only ${all.length} imports found`);
    assert.ok(all.some((i) => i.from === 'login' && targetOf(i.file, i.specifier) === 'domain'));
  });
});
