// Runs every test file. Node 20's --test does not expand globs, so the files are listed here.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

function collect(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'helpers' || entry.name === 'fixtures' ? [] : collect(full);
    return entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

import { ensureConsoleBuilt } from '../src/console/build.js';

// The console tests (test/console) drive its built pages; build once here, not in each test process.
await ensureConsoleBuilt((line) => process.stdout.write(`${line}\n`));

const filter = process.argv.slice(2);
const files = collect('test')
  .filter((f) => filter.length === 0 || filter.some((p) => f.includes(p)))
  .sort();
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=2',
    '--test-reporter=tap',
    '--test-reporter-destination=stdout',
    // Lists the failures again once the suite is over: see the file.
    '--test-reporter=./test/reporters/failures.mjs',
    '--test-reporter-destination=stdout',
    ...files,
  ],
  {
    stdio: 'inherit',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: path.resolve('test/fixtures/tls/cert.pem') },
  },
);
process.exit(result.status ?? 1);
