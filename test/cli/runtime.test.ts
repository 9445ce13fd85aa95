// The supported runtimes: Gatehouse starts on Node 22 and 24 without a runtime warning (Node's own
// deprecation and experimental warnings, a library's deprecation, oidc-provider's "Unsupported runtime"). `.ci/run` runs this
// file on the machine's Node and again on Node 24.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startGatehouse, stopGatehouse } from '../helpers/cli-process.js';

// Any process warning: `(node:123) [CODE] SomeWarning: …` or a library's `…Deprecation: …`.
const RUNTIME_WARNING = /\(node:\d+\) (\[\w+\] )?\w*(Warning|Deprecation)\b|Unsupported runtime/;
const major = Number(process.versions.node.split('.')[0]);

describe(`the runtime (Node ${process.versions.node})`, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-runtime-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it(
    major >= 22 ? 'starts and serves without a runtime warning' : 'starts on Node 20, which oidc-provider warns is unsupported',
    async () => {
      const running = await startGatehouse({ GATEHOUSE_DATA_DIR: path.join(dir, 'data'), GATEHOUSE_LOG_LEVEL: 'info' });
      const discovery = await fetch(`${running.url}/.well-known/openid-configuration`);
      assert.equal(discovery.status, 200);
      assert.equal(await stopGatehouse(running), 0);
      const warnings = running
        .output()
        .split('\n')
        .filter((line) => RUNTIME_WARNING.test(line));
      if (major >= 22) assert.deepEqual(warnings, []);
      else
        assert.ok(
          warnings.some((line) => line.includes('Unsupported runtime')),
          running.output(),
        );
    },
  );
});
