import { DomainError } from '../../domain/errors.js';
import type { LoginConnection } from '../../domain/sign-in/login-connections.js';
import type { LoginContext, LoginDeps } from '../interaction.js';

/**
 * The connection the existing session signed in with, when it is usable for this interaction's
 * organization and enabled for this application; undefined otherwise, and for sessions whose connection was not recorded. Without
 * an organization any connection still in existence counts (an organization picked later is
 * checked again then).
 */
export async function sessionLoginConnection(deps: LoginDeps, ctx: LoginContext): Promise<LoginConnection | undefined> {
  const { signIn, connections } = deps.services;
  const connectionId = await deps.provider.sessionConnection(ctx.details.session?.uid);
  if (!connectionId) return undefined;
  if (ctx.state.organizationId)
    return (await signIn.connections(ctx.state.organizationId, ctx.client.client_id)).find((c) => c.id === connectionId);
  const connection = await connections.get(connectionId).catch((error: unknown) => {
    if (error instanceof DomainError && error.code === 'inexistent_connection') return undefined;
    throw error;
  });
  if (!connection) return undefined;
  return (await signIn.connections(connection.organization_id, ctx.client.client_id)).find((c) => c.id === connectionId);
}
