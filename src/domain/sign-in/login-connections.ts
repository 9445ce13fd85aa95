import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { bool, parseJson } from '../shared/json.js';
import { isDatabase, isEnterprise, type Strategy } from '../connections/connections.types.js';

/** A connection as the login page needs it, with its organization settings when in an organization. */
export interface LoginConnection {
  id: string;
  name: string;
  displayName: string;
  strategy: Strategy;
  domainAliases: string[];
  assignMembershipOnLogin: boolean;
  /** Public sign-up may create users here: the organization allows it and the connection's `disable_signup` is off. */
  isSignupEnabled: boolean;
  /** Auth0's `options.disable_signup`: no sign-up of any kind (invitations included) creates users here. */
  disableSignup: boolean;
  showAsButton: boolean;
}

interface ParsedOptions {
  domain_aliases?: string[];
  disable_signup?: boolean;
}

/**
 * The connections a login may use; given the application, only those enabled for it
 * (`enabled_clients`), in an organization too: Auth0 offers a connection there only when it is
 * enabled for both the application and the organization.
 */
export async function loginConnections(
  db: Kysely<Database>,
  organizationId: string | undefined,
  clientId?: string,
): Promise<LoginConnection[]> {
  const usable = await organizationConnections(db, organizationId);
  if (clientId === undefined) return usable;
  const enabled = await db.selectFrom('connection_clients').select('connection_id').where('client_id', '=', clientId).execute();
  const ids = new Set(enabled.map((r) => r.connection_id));
  return usable.filter((c) => ids.has(c.id));
}

/**
 * In an organization: the connections enabled for it plus the ones it owns (an owned connection
 * always admits to its owner, as in Kinde). Without one: the tenant's shared connections.
 */
async function organizationConnections(db: Kysely<Database>, organizationId: string | undefined): Promise<LoginConnection[]> {
  if (!organizationId) {
    const rows = await db
      .selectFrom('connections')
      .select(['id', 'name', 'display_name', 'strategy', 'options'])
      .where('organization_id', 'is', null)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => {
      const options = parseJson<ParsedOptions>(r.options, {});
      return {
        id: r.id,
        name: r.name,
        displayName: r.display_name ?? r.name,
        strategy: r.strategy as Strategy,
        domainAliases: options.domain_aliases ?? [],
        assignMembershipOnLogin: false,
        isSignupEnabled: isDatabase(r.strategy) && options.disable_signup !== true,
        disableSignup: options.disable_signup === true,
        showAsButton: !isEnterprise(r.strategy),
      };
    });
  }
  const enabled = await db
    .selectFrom('organization_connections as oc')
    .innerJoin('connections as c', 'c.id', 'oc.connection_id')
    .select([
      'c.id',
      'c.name',
      'c.display_name',
      'c.strategy',
      'c.options',
      'oc.assign_membership_on_login',
      'oc.is_signup_enabled',
      'oc.show_as_button',
      'oc.organization_connection_name',
    ])
    .where('oc.organization_id', '=', organizationId)
    .where('oc.is_enabled', '=', 1)
    .orderBy('oc.created_at')
    .orderBy('c.id')
    .execute();
  const owned = await db
    .selectFrom('connections')
    .select(['id', 'name', 'display_name', 'strategy', 'options'])
    .where('organization_id', '=', organizationId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const out: LoginConnection[] = enabled.map((r) => {
    const options = parseJson<ParsedOptions>(r.options, {});
    return {
      id: r.id,
      name: r.name,
      displayName: r.organization_connection_name ?? r.display_name ?? r.name,
      strategy: r.strategy as Strategy,
      domainAliases: options.domain_aliases ?? [],
      assignMembershipOnLogin: bool(r.assign_membership_on_login),
      isSignupEnabled: bool(r.is_signup_enabled) && options.disable_signup !== true,
      disableSignup: options.disable_signup === true,
      showAsButton: isEnterprise(r.strategy) ? bool(r.show_as_button) : !isDatabase(r.strategy),
    };
  });
  for (const r of owned) {
    if (out.some((c) => c.id === r.id)) continue;
    const options = parseJson<ParsedOptions>(r.options, {});
    out.push({
      id: r.id,
      name: r.name,
      displayName: r.display_name ?? r.name,
      strategy: r.strategy as Strategy,
      domainAliases: options.domain_aliases ?? [],
      assignMembershipOnLogin: true,
      isSignupEnabled: false,
      disableSignup: options.disable_signup === true,
      showAsButton: !isDatabase(r.strategy),
    });
  }
  return out;
}
