import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config/config.js';

describe('social provider locations in the configuration', () => {
  it('defaults to the real Google and GitHub', () => {
    assert.deepEqual(loadConfig({}).social, {
      googleDiscoveryUrl: 'https://accounts.google.com/.well-known/openid-configuration',
      githubUrl: 'https://github.com',
      githubApiUrl: 'https://api.github.com',
    });
  });

  it('takes GitHub Enterprise Server URLs without their trailing slash', () => {
    const { social } = loadConfig({
      GATEHOUSE_GITHUB_URL: 'https://ghe.example.com/',
      GATEHOUSE_GITHUB_API_URL: 'https://ghe.example.com/api/v3/',
    });
    assert.equal(social.githubUrl, 'https://ghe.example.com');
    assert.equal(social.githubApiUrl, 'https://ghe.example.com/api/v3');
  });

  it('refuses a value that is not an http(s) URL, naming the variable', () => {
    assert.throws(() => loadConfig({ GATEHOUSE_GOOGLE_DISCOVERY_URL: 'accounts.google.com' }), {
      message: 'GATEHOUSE_GOOGLE_DISCOVERY_URL must be an http(s) URL, got "accounts.google.com"',
    });
    assert.throws(() => loadConfig({ GATEHOUSE_GITHUB_API_URL: 'ftp://api.github.com' }), {
      message: 'GATEHOUSE_GITHUB_API_URL must be an http(s) URL, got "ftp://api.github.com"',
    });
  });
});
