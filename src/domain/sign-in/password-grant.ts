import type { Client } from '../clients/clients.types.js';
import { isDatabase } from '../connections/connections.types.js';
import { fail } from '../errors.js';
import type { LoginConnection } from './login-connections.js';
import type { PasswordMatch } from './password-login.js';
import type { SignInAttempt } from './sign-in-events.js';

/** What the resource owner password grants ask for (Auth0's `password` and `password-realm`). */
export interface PasswordGrantInput {
  client: Pick<Client, 'client_id' | 'organization_usage'>;
  email: string;
  password: string;
  /** `password-realm`: the database connection, by name. */
  realm?: string;
  /** `organization`: an id or a name. */
  organization?: string;
  attempt: SignInAttempt;
}

export interface PasswordGrantDeps {
  findOrganization(value: string): Promise<{ id: string } | undefined>;
  connections(organizationId: string | undefined): Promise<LoginConnection[]>;
  authenticate(input: { email: string; password: string; connectionIds: string[]; ip: string }): Promise<PasswordMatch>;
  /** Admits the user to the organization (when there is one) and counts the login, in one transaction. */
  complete(input: { userId: string; organizationId?: string; connection: LoginConnection }): Promise<unknown>;
}

/**
 * The hosted login's password rules without its pages: the application's organization rules, the
 * database connections usable here (only the `realm` one when named), the same throttle and
 * blocked-user check, then organization admission. Throws the same DomainErrors as the login.
 */
export async function authenticateForPasswordGrant(deps: PasswordGrantDeps, input: PasswordGrantInput) {
  let organizationId: string | undefined;
  if (input.organization) {
    if (input.client.organization_usage === 'deny')
      fail('invalid_request', 'This application does not allow organizations: remove the organization parameter.');
    const org = await deps.findOrganization(input.organization);
    if (!org) fail('inexistent_organization', `No organization found by that id or name: ${input.organization}`);
    organizationId = org.id;
  } else if (input.client.organization_usage === 'require') {
    fail('invalid_request', 'This application requires an organization: send the organization parameter.');
  }
  const databases = (await deps.connections(organizationId)).filter((c) => isDatabase(c.strategy));
  const candidates = input.realm === undefined ? databases : databases.filter((c) => c.name === input.realm);
  if (candidates.length === 0) {
    fail(
      'connection_not_enabled',
      input.realm === undefined
        ? 'No database connection is enabled here.'
        : `The connection ${input.realm} is not a database connection enabled here.`,
    );
  }
  const match = await deps.authenticate({
    email: input.email,
    password: input.password,
    connectionIds: candidates.map((c) => c.id),
    ip: input.attempt.ip,
  });
  const connection = candidates.find((c) => c.id === match.connectionId)!;
  await deps.complete({ userId: match.userId, organizationId, connection });
  return { userId: match.userId, connection, organizationId };
}
