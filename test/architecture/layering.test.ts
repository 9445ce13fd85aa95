// The arrows of ARCHITECTURE.md as a test: which top-level folder of src/ may import which, what
// the domain may never import, and who may touch the database. An arrow that is not listed fails
// here; so does a table reached from outside the services.
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
  '(entry)': ['config', 'console', 'db', 'domain', 'http'],
  config: [],
  db: [],
  domain: ['config', 'db'],
  shared: ['config'],
  federation: ['domain'],
  oidc: ['config', 'domain', 'shared'],
  login: ['domain', 'federation', 'shared'],
  management: ['domain', 'federation', 'shared'],
  'my-org': ['domain', 'shared'],
  'my-account': ['domain', 'shared'],
  'self-service': ['domain', 'federation', 'shared'],
  authentication: ['domain', 'shared'],
  scim: ['domain', 'shared'],
  console: ['domain'],
  http: [
    'authentication',
    'config',
    'console',
    'db',
    'domain',
    'federation',
    'login',
    'management',
    'my-org',
    'my-account',
    'oidc',
    'scim',
    'self-service',
    'shared',
  ],
};

/**
 * Only services touch tables: Kysely and the database layer are imported by domain/ and db/, and
 * by the files that open the database and hand it to the services (`createServices`).
 */
const COMPOSERS = new Set(['main.ts', 'runtime.ts', path.join('http', 'app.ts')]);

/** Whether an import reaches the database: Kysely itself, or anything in db/. */
function touchesDatabase(file: string, specifier: string): boolean {
  return specifier === 'kysely' || specifier.startsWith('kysely/') || targetOf(file, specifier) === 'db';
}

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

  it('lets only the services and the composition reach the database', () => {
    const broken = all
      .filter(({ file, from, specifier }) => touchesDatabase(file, specifier) && from !== 'domain' && from !== 'db' && !COMPOSERS.has(file))
      .map(({ file, specifier }) => `${file} imports ${specifier}`);
    assert.deepEqual(broken, []);
  });

  it('allows no folder cycle', () => {
    const cycles: string[] = [];
    for (const [from, tos] of Object.entries(ALLOWED)) {
      for (const to of tos) if (ALLOWED[to]?.includes(from) && from < to) cycles.push(`${from}↔${to}`);
    }
    assert.deepEqual(cycles, []);
  });

  it('finds the imports it checks (the scan is not empty)', () => {
    assert.ok(all.length > 500, `only ${all.length} imports found`);
    assert.ok(all.some((i) => i.from === 'login' && targetOf(i.file, i.specifier) === 'domain'));
    assert.ok(all.some((i) => i.from === 'domain' && i.specifier === 'kysely'));
    assert.ok(all.some((i) => i.file === path.join('http', 'app.ts') && touchesDatabase(i.file, i.specifier)));
  });
});
