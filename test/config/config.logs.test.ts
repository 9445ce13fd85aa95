import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config/config.js';

describe('audit log retention in the configuration', () => {
  it('keeps events 30 days by default', () => {
    assert.equal(loadConfig({}).logRetentionDays, 30);
  });

  it('takes GATEHOUSE_LOG_RETENTION_DAYS', () => {
    assert.equal(loadConfig({ GATEHOUSE_LOG_RETENTION_DAYS: '365' }).logRetentionDays, 365);
  });

  it('refuses a value that is not an integer of at least 1, naming the variable', () => {
    for (const raw of ['0', '-3', '1.5', 'thirty']) {
      assert.throws(() => loadConfig({ GATEHOUSE_LOG_RETENTION_DAYS: raw }), {
        message: `GATEHOUSE_LOG_RETENTION_DAYS must be an integer ≥ 1, got ${JSON.stringify(raw)}`,
      });
    }
  });
});
