import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Connection, ConnectionOptions } from '../../src/domain/connections/connections.types.js';
import { DomainError } from '../../src/domain/errors.js';
import { readOidcSettings } from '../../src/federation/oidc/index.js';

function connection(strategy: Connection['strategy'], options: Partial<ConnectionOptions>): Connection {
  return {
    id: 'con_settingsTest0001',
    name: 'corp-sso',
    strategy,
    options: {
      domain_aliases: [],
      is_create_missing_user: true,
      is_trusted: false,
      client_id: 'cid',
      client_secret: 'csecret',
      ...options,
    },
    enabled_clients: [],
    realms: ['corp-sso'],
    is_domain_connection: false,
    metadata: {},
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
  };
}

function thrown(action: () => unknown): DomainError {
  try {
    action();
  } catch (err) {
    assert.ok(err instanceof DomainError);
    return err;
  }
  assert.fail('expected a DomainError');
}

describe('upstream OIDC settings', () => {
  it('points an Entra ID (waad) connection at its tenant v2.0 discovery document', () => {
    const settings = readOidcSettings(connection('waad', { tenant_domain: 'contoso.onmicrosoft.com' }));
    assert.equal(
      settings.discoveryUrl.href,
      'https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration',
    );
    assert.equal(settings.subjectClaim, 'oid');
  });

  it("points an Okta connection without issuer at its domain's discovery document", () => {
    const settings = readOidcSettings(connection('okta', { domain: 'acme.okta.com' }));
    assert.equal(settings.discoveryUrl.href, 'https://acme.okta.com/.well-known/openid-configuration');
  });

  it('prefers discovery_url over issuer', () => {
    const settings = readOidcSettings(
      connection('oidc', { discovery_url: 'https://idp.test/x/.well-known/openid-configuration', issuer: 'https://other.test' }),
    );
    assert.equal(settings.discoveryUrl.href, 'https://idp.test/x/.well-known/openid-configuration');
  });

  it('requests "openid profile email" when the connection names no scope', () => {
    assert.equal(readOidcSettings(connection('oidc', { issuer: 'https://idp.test' })).scope, 'openid profile email');
  });

  it('adds openid to a configured scope that lacks it', () => {
    assert.equal(readOidcSettings(connection('oidc', { issuer: 'https://idp.test', scope: 'email  groups' })).scope, 'openid email groups');
  });

  it('reads claim mappings from attribute_map.attributes and keeps defaults for the rest', () => {
    const settings = readOidcSettings(
      connection('oidc', { issuer: 'https://idp.test', attribute_map: { attributes: { email: 'upn', nickname: 'ignored' } } }),
    );
    assert.deepEqual(settings.claims, {
      email: 'upn',
      email_verified: 'email_verified',
      name: 'name',
      given_name: 'given_name',
      family_name: 'family_name',
      groups: 'groups',
    });
  });

  it('refuses a connection without client_id with idp_misconfigured', () => {
    const error = thrown(() => readOidcSettings(connection('oidc', { issuer: 'https://idp.test', client_id: undefined })));
    assert.equal(error.code, 'idp_misconfigured');
    assert.equal(
      error.message,
      'The connection "corp-sso" is missing its client_id. An administrator must complete the connection\'s settings.',
    );
  });

  it('refuses an oidc connection with neither discovery_url nor issuer', () => {
    const error = thrown(() => readOidcSettings(connection('oidc', {})));
    assert.equal(error.code, 'idp_misconfigured');
    assert.equal(
      error.message,
      'The connection "corp-sso" is missing its discovery_url or issuer. An administrator must complete the connection\'s settings.',
    );
  });

  it('refuses a connection of another strategy with operation_not_supported', () => {
    assert.equal(thrown(() => readOidcSettings(connection('samlp', {}))).code, 'operation_not_supported');
  });
});
