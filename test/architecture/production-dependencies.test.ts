// `npm start` runs the compiled server with plain node, so a production install (`npm ci
// --omit=dev` plus a build) must hold everything the server imports: tsx, Vite, React and the
// console's libraries are dev dependencies. Vite is imported only when the console's build is
// missing or stale (src/console/build.ts), which a built deployment never reaches.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { builtinModules } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const BUILD_ONLY = new Map([['vite', 'src/console/build.ts']]);

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sources(full) : full.endsWith('.ts') ? [full] : [];
  });
}

/** Bare package names a file imports at run time (type-only imports are erased). */
function runtimeImports(file: string): { name: string; dynamic: boolean }[] {
  const source = fs.readFileSync(file, 'utf8');
  const found: { name: string; dynamic: boolean }[] = [];
  for (const m of source.matchAll(/^\s*(?:import|export)\s+(?!type\s)(?:[^'"]*?\sfrom\s+)?'([^'.][^']*)'/gm))
    found.push({ name: m[1], dynamic: false });
  for (const m of source.matchAll(/\bimport\('([^'.][^']*)'\)/g)) found.push({ name: m[1], dynamic: true });
  return found.map(({ name, dynamic }) => ({
    name: name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : name.split('/')[0],
    dynamic,
  }));
}

describe('the production dependencies', () => {
  it('hold every package the server imports, and none of tsx, Vite or React', () => {
    for (const dev of ['tsx', 'vite', 'react', 'react-dom', 'typescript']) {
      assert.ok(!(dev in pkg.dependencies), `${dev} is a dev dependency`);
    }
    const missing: string[] = [];
    for (const file of sources('src')) {
      for (const { name, dynamic } of runtimeImports(file)) {
        if (name.startsWith('node:') || builtinModules.includes(name)) continue;
        if (name in pkg.dependencies) continue;
        if (dynamic && BUILD_ONLY.get(name) === file) continue;
        missing.push(`${file} imports ${name}`);
      }
    }
    assert.deepEqual(missing, []);
  });
});
