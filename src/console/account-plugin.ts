import type { FastifyInstance } from 'fastify';
import type { SettingsService } from '../domain/settings/settings.service.js';
import { MY_ACCOUNT_SCOPES } from '../domain/resource-servers/my-account-api.js';
import { securityHeaders, sendShell } from './plugin.js';

export interface AccountPageOptions {
  settings: SettingsService;
  issuer: string;
  /** The My Account API's audience (`<issuer>/me/`). */
  audience: string;
}

/**
 * The self-service account page, a third page of the console's build: a person lists, adds and
 * removes their own second factors through the My Account API. Its scripts are the console's
 * hashed assets (served under /console/assets); here are only its shell and its configuration.
 */
export async function accountPagePlugin(app: FastifyInstance, { settings, issuer, audience }: AccountPageOptions): Promise<void> {
  app.get('/config.json', { schema: { hide: true } as object }, async (_request, reply) => {
    const clientId = await settings.accountClientId();
    if (!clientId)
      return reply.code(503).send({ error: 'account_unavailable', message: 'The account page application has not been created yet.' });
    securityHeaders(reply).header('cache-control', 'no-store');
    return { issuer, client_id: clientId, audience, redirect_uri: `${issuer}/account/callback`, scopes: MY_ACCOUNT_SCOPES };
  });
  const shell = (_request: unknown, reply: Parameters<typeof sendShell>[0]) => sendShell(reply, 'account/index.html');
  app.get('/', { schema: { hide: true } as object }, shell);
  app.get('/*', { schema: { hide: true } as object }, shell);
}
