import assert from 'node:assert/strict';
import type { TestServer } from '../helpers/start-server.js';
import { createTestIdp } from '../federation/saml-idp.js';

export const SCIM_JSON = 'application/scim+json';
export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

export interface ScimResponse {
  status: number;
  body: any;
  headers: Headers;
}

export interface ScimSetup {
  organizationId: string;
  connectionId: string;
  connectionName: string;
  token: string;
  base: string;
  /** A SCIM request with the connection's token, as an IdP sends it (application/scim+json). */
  scim(method: string, path: string, body?: unknown, token?: string): Promise<ScimResponse>;
}

export const samlIdp = createTestIdp();

/** An organization owning a SAML connection with SCIM on (user id attribute `userName`) and a token. */
export async function scimSetup(server: TestServer, name: string): Promise<ScimSetup> {
  const org = await server.api('POST', '/organizations', { name });
  assert.equal(org.status, 201, JSON.stringify(org.body));
  const conn = await server.api('POST', '/connections', {
    name: `${name}-saml`,
    strategy: 'samlp',
    organization_id: org.body.id,
    options: { signInEndpoint: samlIdp.ssoUrl, signingCert: samlIdp.cert, entityId: samlIdp.entityId, domain_aliases: [`${name}.example`] },
  });
  assert.equal(conn.status, 201, JSON.stringify(conn.body));
  const config = await server.api('POST', `/connections/${conn.body.id}/scim-configuration`, {});
  assert.equal(config.status, 201, JSON.stringify(config.body));
  const token = await server.api('POST', `/connections/${conn.body.id}/scim-configuration/tokens`, {});
  assert.equal(token.status, 201, JSON.stringify(token.body));
  const base = `${server.url}/scim/v2/connections/${conn.body.id}`;
  return {
    organizationId: org.body.id,
    connectionId: conn.body.id,
    connectionName: conn.body.name,
    token: token.body.token,
    base,
    async scim(method, path, body, bearer) {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${bearer ?? token.body.token}`,
          accept: SCIM_JSON,
          ...(body === undefined ? {} : { 'content-type': `${SCIM_JSON}; charset=utf-8` }),
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
    },
  };
}

/** The SCIM error body RFC 7644 §3.12 fixes. */
export function assertScimError(res: ScimResponse, status: number, scimType?: string): void {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.match(res.headers.get('content-type') ?? '', /^application\/scim\+json/);
  assert.deepEqual(res.body.schemas, [ERROR_SCHEMA]);
  assert.equal(res.body.status, String(status));
  assert.equal(res.body.scimType, scimType);
  assert.equal(typeof res.body.detail, 'string');
}

/** Events recorded about a user or connection, oldest first: [type, details.action]. */
export async function eventsOf(server: TestServer, where: { userId?: string; connectionId?: string }) {
  let query = server.database.db.kysely
    .selectFrom('events')
    .select(['type', 'action', 'actor_type', 'details', 'user_id', 'organization_id']);
  if (where.userId) query = query.where('user_id', '=', where.userId);
  if (where.connectionId) query = query.where('connection_id', '=', where.connectionId);
  const rows = await query.orderBy('id').execute();
  return rows.map((row) => ({ ...row, details: JSON.parse(row.details) }));
}
