import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config/config.js';
import { startupWarnings } from '../../src/config/warnings.js';

describe('metrics in the configuration', () => {
  it('keeps no metrics by default', () => {
    assert.equal(loadConfig({}).metrics, undefined);
  });

  it('serves them on loopback at GATEHOUSE_METRICS_PORT, or at GATEHOUSE_METRICS_HOST', () => {
    assert.deepEqual(loadConfig({ GATEHOUSE_METRICS_PORT: '9464' }).metrics, { port: 9464, host: '127.0.0.1' });
    assert.deepEqual(loadConfig({ GATEHOUSE_METRICS_PORT: '9464', GATEHOUSE_METRICS_HOST: '0.0.0.0' }).metrics, {
      port: 9464,
      host: '0.0.0.0',
    });
  });

  it('refuses a port that is not one, naming the variable', () => {
    for (const raw of ['0', 'metrics', '1.5']) {
      assert.throws(() => loadConfig({ GATEHOUSE_METRICS_PORT: raw }), {
        message: `GATEHOUSE_METRICS_PORT must be an integer ≥ 1, got ${JSON.stringify(raw)}`,
      });
    }
    assert.throws(() => loadConfig({ GATEHOUSE_METRICS_PORT: '70000' }), {
      message: 'GATEHOUSE_METRICS_PORT must be a port number (1-65535), got 70000',
    });
  });

  it('refuses the public port', () => {
    assert.throws(() => loadConfig({ PORT: '8080', GATEHOUSE_METRICS_PORT: '8080' }), {
      message: 'GATEHOUSE_METRICS_PORT must differ from PORT: metrics are served on a listener of their own',
    });
  });
});

describe('start-up warnings', () => {
  const warned = (env: Record<string, string>) => startupWarnings(loadConfig(env)).map((w) => w.split(' ').slice(0, 3).join(' '));

  it('has nothing to say about the defaults, or an http:// issuer on this machine', () => {
    assert.deepEqual(startupWarnings(loadConfig({})), []);
    for (const issuer of ['http://localhost:3000', 'http://127.0.0.1:3000', 'http://[::1]:3000']) {
      assert.deepEqual(startupWarnings(loadConfig({ GATEHOUSE_ISSUER: issuer })), [], issuer);
    }
  });

  it('names an http:// issuer elsewhere', () => {
    assert.deepEqual(warned({ GATEHOUSE_ISSUER: 'http://10.0.0.5:3000' }), ['GATEHOUSE_ISSUER is http://10.0.0.5:3000:']);
  });

  it('names SQLite with several workers, not PostgreSQL with several', () => {
    assert.deepEqual(warned({ GATEHOUSE_WORKERS: '4' }), ['GATEHOUSE_WORKERS=4 with SQLite:']);
    assert.deepEqual(warned({ GATEHOUSE_WORKERS: '4', DATABASE_URL: 'postgres://db/gatehouse' }), []);
  });

  it('names a trusted proxy with an http:// issuer, and TLS ended at a proxy that is not trusted', () => {
    assert.deepEqual(warned({ GATEHOUSE_TRUST_PROXY: '10.0.0.0/8' }), ['GATEHOUSE_TRUST_PROXY is set']);
    assert.deepEqual(warned({ GATEHOUSE_ISSUER: 'https://id.example' }), ['The issuer is']);
    assert.deepEqual(warned({ GATEHOUSE_ISSUER: 'https://id.example', GATEHOUSE_TRUST_PROXY: '10.0.0.0/8' }), []);
  });

  it('names a proxy setting that believes any peer', () => {
    assert.deepEqual(warned({ GATEHOUSE_ISSUER: 'https://id.example', GATEHOUSE_TRUST_PROXY: 'true' }), [
      'GATEHOUSE_TRUST_PROXY=true believes X-Forwarded-For',
    ]);
  });
});
