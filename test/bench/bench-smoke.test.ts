import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

// The bench's numbers depend on the machine; only the shape of what it writes is asserted here.
describe('bench/run.ts --smoke', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-bench-smoke-'));
  after(() => fs.rmSync(out, { recursive: true, force: true }));

  it('writes latest.json with the machine and one row per scenario, and latest.md, to --out', async () => {
    await run(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--smoke', '--out', out], { timeout: 300_000 });
    const results = JSON.parse(fs.readFileSync(path.join(out, 'latest.json'), 'utf8'));
    assert.equal(typeof results.machine.cores, 'number');
    assert.equal(typeof results.machine.node, 'string');
    assert.equal(typeof results.machine.cpu, 'string');
    assert.ok(Array.isArray(results.scenarios));
    assert.ok(results.scenarios.length >= 6, `${results.scenarios.length} scenarios`);
    for (const row of results.scenarios) {
      assert.deepEqual(Object.keys(row).sort(), ['baseline', 'budget', 'measure', 'meets_budget', 'name', 'ratio', 'value']);
      assert.equal(typeof row.name, 'string');
      assert.equal(typeof row.value, 'number');
      assert.equal(row.meets_budget, null, 'a smoke run assesses no budget');
    }
    assert.match(
      fs.readFileSync(path.join(out, 'latest.md'), 'utf8'),
      /\| scenario \| measure \| value \| baseline \| ratio \| budget \| met \|/,
    );
  });
});
