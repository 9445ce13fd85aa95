import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { ConnectionRow } from '../../db/schema/connections.table.js';
import type { ScimConfigurationRow } from '../../db/schema/scim.table.js';
import { isUniqueViolation } from '../../db/errors.js';
import type { ServiceDeps } from '../services.js';
import type { Actor } from '../events/actor.js';
import { isEnterprise } from '../connections/connections.types.js';
import { DomainError, fail, invalidInput } from '../errors.js';
import { iso } from '../shared/clock.js';
import { prefixedId } from '../shared/ids.js';
import { findConnectionById } from '../users/users.queries.js';
import { assertMapping, assertUserIdAttribute, DEFAULT_MAPPING, DEFAULT_USER_ID_ATTRIBUTE } from './scim-mapping.js';
import { MAX_ACTIVE_TOKENS, MIN_TOKEN_LIFETIME, newToken, SCIM_TOKEN_SCOPES, sameHash, tokenHash } from './scim-tokens.js';
import { findConfigurationRow, findTokenByHash, mappingOf, tokensOf, toTokenInfo } from './scim-configurations.queries.js';
import type {
  ScimCaller,
  ScimConfiguration,
  ScimConfigurationInput,
  ScimMappingItem,
  ScimTokenInfo,
  ScimTokenInput,
} from './scim.types.js';

const NO_CONFIGURATION = 'The connection has no SCIM configuration.';
const BAD_TOKEN = 'The SCIM token is invalid, expired or not for this connection.';

/**
 * A connection's SCIM settings and tokens (Auth0's `/connections/{id}/scim-configuration`), and the
 * check of a SCIM request's bearer token. Every change records its event in its transaction.
 */
export function createScimConfigurationsService({ db, clock, events, issuer }: ServiceDeps) {
  const tenantName = new URL(issuer).host;

  async function enterpriseConnection(executor: Kysely<Database>, connectionId: string): Promise<ConnectionRow> {
    const connection = await findConnectionById(executor, connectionId);
    if (!connection) fail('inexistent_connection', 'The connection does not exist.');
    if (!isEnterprise(connection.strategy)) {
      fail('operation_not_supported', `SCIM provisioning is for enterprise connections, not ${connection.strategy}.`);
    }
    return connection;
  }

  async function configurationRow(executor: Kysely<Database>, connectionId: string): Promise<ScimConfigurationRow> {
    const row = await findConfigurationRow(executor, connectionId);
    if (!row) fail('inexistent_scim_configuration', NO_CONFIGURATION);
    return row;
  }

  function toConfiguration(connection: ConnectionRow, row: ScimConfigurationRow): ScimConfiguration {
    return {
      connection_id: connection.id,
      connection_name: connection.name,
      strategy: connection.strategy,
      tenant_name: tenantName,
      user_id_attribute: row.user_id_attribute,
      mapping: mappingOf(row),
      created_at: row.created_at,
      updated_on: row.updated_at,
    };
  }

  function subject(connection: ConnectionRow) {
    return { connection: connection.name, connectionId: connection.id, strategy: connection.strategy };
  }

  function checked(input: ScimConfigurationInput): { userIdAttribute?: string; mapping?: ScimMappingItem[] } {
    if (input.user_id_attribute !== undefined) assertUserIdAttribute(input.user_id_attribute);
    if (input.mapping !== undefined) assertMapping(input.mapping);
    return {
      userIdAttribute: input.user_id_attribute,
      mapping: input.mapping?.map((item) => ({ auth0: item.auth0, scim: item.scim })),
    };
  }

  return {
    defaultMapping: async (connectionId: string): Promise<{ mapping: ScimMappingItem[] }> => {
      await enterpriseConnection(db, connectionId);
      return { mapping: DEFAULT_MAPPING };
    },

    async get(connectionId: string): Promise<ScimConfiguration> {
      const connection = await enterpriseConnection(db, connectionId);
      return toConfiguration(connection, await configurationRow(db, connectionId));
    },

    async create(actor: Actor, connectionId: string, input: ScimConfigurationInput): Promise<ScimConfiguration> {
      const { userIdAttribute, mapping } = checked(input);
      const now = iso(clock.now());
      return db.transaction().execute(async (trx) => {
        const connection = await enterpriseConnection(trx, connectionId);
        const row: ScimConfigurationRow = {
          connection_id: connectionId,
          user_id_attribute: userIdAttribute ?? DEFAULT_USER_ID_ATTRIBUTE,
          mapping: JSON.stringify(mapping ?? DEFAULT_MAPPING),
          created_at: now,
          updated_at: now,
        };
        await trx
          .insertInto('scim_configurations')
          .values(row)
          .execute()
          .catch((error: unknown) => {
            if (isUniqueViolation(error)) fail('scim_configuration_conflict', 'The connection already has a SCIM configuration.');
            throw error;
          });
        await events.record(trx, actor, {
          type: 'scim_configuration_created',
          ...subject(connection),
          details: { user_id_attribute: row.user_id_attribute },
        });
        return toConfiguration(connection, row);
      });
    },

    async update(actor: Actor, connectionId: string, input: ScimConfigurationInput): Promise<ScimConfiguration> {
      const { userIdAttribute, mapping } = checked(input);
      return db.transaction().execute(async (trx) => {
        const connection = await enterpriseConnection(trx, connectionId);
        const current = await configurationRow(trx, connectionId);
        const row: ScimConfigurationRow = {
          ...current,
          ...(userIdAttribute !== undefined ? { user_id_attribute: userIdAttribute } : {}),
          ...(mapping !== undefined ? { mapping: JSON.stringify(mapping) } : {}),
          updated_at: iso(clock.now()),
        };
        await trx
          .updateTable('scim_configurations')
          .set({ user_id_attribute: row.user_id_attribute, mapping: row.mapping, updated_at: row.updated_at })
          .where('connection_id', '=', connectionId)
          .execute();
        await events.record(trx, actor, {
          type: 'scim_configuration_updated',
          ...subject(connection),
          details: { changed: Object.keys(input).filter((key) => key === 'user_id_attribute' || key === 'mapping') },
        });
        return toConfiguration(connection, row);
      });
    },

    /** SCIM off: the configuration and its tokens go; the users and groups it provisioned stay. */
    async remove(actor: Actor, connectionId: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const connection = await enterpriseConnection(trx, connectionId);
        const deleted = await trx.deleteFrom('scim_configurations').where('connection_id', '=', connectionId).executeTakeFirst();
        if (Number(deleted.numDeletedRows) === 0) fail('inexistent_scim_configuration', NO_CONFIGURATION);
        // SQLite enforces the cascade only with foreign keys on; say it here for both dialects.
        await trx.deleteFrom('scim_tokens').where('connection_id', '=', connectionId).execute();
        await events.record(trx, actor, { type: 'scim_configuration_deleted', ...subject(connection) });
      });
    },

    async listTokens(connectionId: string): Promise<ScimTokenInfo[]> {
      await enterpriseConnection(db, connectionId);
      await configurationRow(db, connectionId);
      return (await tokensOf(db, connectionId)).map(toTokenInfo);
    },

    /** The token's value is in this answer only; the database keeps its SHA-256. */
    async createToken(actor: Actor, connectionId: string, input: ScimTokenInput): Promise<ScimTokenInfo & { token: string }> {
      const scopes = [...new Set(input.scopes ?? SCIM_TOKEN_SCOPES)];
      scopes.forEach((scope, index) => {
        if (!(SCIM_TOKEN_SCOPES as readonly string[]).includes(scope)) {
          invalidInput(`scopes[${index}]`, `Must be one of ${SCIM_TOKEN_SCOPES.join(', ')}`, { value: scope });
        }
      });
      const lifetime = input.token_lifetime ?? null;
      if (lifetime !== null && (!Number.isInteger(lifetime) || lifetime <= MIN_TOKEN_LIFETIME)) {
        invalidInput('token_lifetime', `Must be an integer greater than ${MIN_TOKEN_LIFETIME}`, { limit: MIN_TOKEN_LIFETIME });
      }
      const now = clock.now();
      const token = newToken();
      const row = {
        id: prefixedId('tok'),
        connection_id: connectionId,
        token_hash: tokenHash(token),
        scopes: JSON.stringify(scopes),
        valid_until: lifetime === null ? null : iso(new Date(now.getTime() + lifetime * 1000)),
        last_used_at: null,
        created_at: iso(now),
      };
      return db.transaction().execute(async (trx) => {
        const connection = await enterpriseConnection(trx, connectionId);
        await configurationRow(trx, connectionId);
        // Serialises token creation per connection on PostgreSQL, so two requests cannot both pass the count.
        await trx
          .updateTable('scim_configurations')
          .set({ connection_id: connectionId })
          .where('connection_id', '=', connectionId)
          .execute();
        const active = (await tokensOf(trx, connectionId)).filter((t) => t.valid_until === null || t.valid_until > iso(now));
        if (active.length >= MAX_ACTIVE_TOKENS) {
          fail('scim_token_limit', `A connection has at most ${MAX_ACTIVE_TOKENS} active SCIM tokens; delete one first.`);
        }
        await trx.insertInto('scim_tokens').values(row).execute();
        await events.record(trx, actor, { type: 'scim_token_created', ...subject(connection), details: { token_id: row.id, scopes } });
        return { ...toTokenInfo(row), token };
      });
    },

    async removeToken(actor: Actor, connectionId: string, tokenId: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const connection = await enterpriseConnection(trx, connectionId);
        const deleted = await trx
          .deleteFrom('scim_tokens')
          .where('connection_id', '=', connectionId)
          .where('id', '=', tokenId)
          .executeTakeFirst();
        if (Number(deleted.numDeletedRows) === 0) fail('inexistent_scim_token', 'No SCIM token found by that id for this connection.');
        await events.record(trx, actor, { type: 'scim_token_deleted', ...subject(connection), details: { token_id: tokenId } });
      });
    },

    /**
     * The caller of a SCIM request: its token must exist, be unexpired and belong to this
     * connection, whose SCIM configuration must exist. The lookup is by hash (an index), then the
     * hashes are compared in constant time.
     */
    async authenticate(connectionId: string, token: string | undefined): Promise<ScimCaller> {
      if (!token) throw new DomainError('invalid_token', BAD_TOKEN);
      const hash = tokenHash(token);
      const row = await findTokenByHash(db, hash);
      const now = iso(clock.now());
      if (
        !row ||
        !sameHash(row.token_hash, hash) ||
        row.connection_id !== connectionId ||
        (row.valid_until !== null && row.valid_until <= now)
      ) {
        throw new DomainError('invalid_token', BAD_TOKEN);
      }
      // Last use to the minute: enough for an admin to see a token is alive, without a write per request.
      if (row.last_used_at === null || row.last_used_at.slice(0, 16) !== now.slice(0, 16)) {
        await db.updateTable('scim_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
      }
      return { tokenId: row.id, connectionId, scopes: new Set(JSON.parse(row.scopes) as string[]) };
    },
  };
}

export type ScimConfigurationsService = ReturnType<typeof createScimConfigurationsService>;
