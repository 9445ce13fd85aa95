import type { FastifyInstance } from 'fastify';
import type { SettingsService } from '../domain/settings/settings.service.js';
import { MY_ORG_SCOPES } from '../domain/resource-servers/my-org-api.js';
import { securityHeaders, sendShell } from './plugin.js';

export interface PortalOptions {
  settings: SettingsService;
  issuer: string;
  /** The My Organization API's audience (`<issuer>/my-org/`). */
  audience: string;
}

/**
 * The organization-admin portal, a second page of the console's build: a reference client of the
 * My Organization API, as the console is of the Management API. Its scripts are the console's hashed
 * assets (served under /console/assets); here are only its shell and its configuration.
 */
export async function portalPlugin(app: FastifyInstance, { settings, issuer, audience }: PortalOptions): Promise<void> {
  app.get('/config.json', { schema: { hide: true } as object }, async (_request, reply) => {
    const clientId = await settings.portalClientId();
    if (!clientId)
      return reply.code(503).send({ error: 'portal_unavailable', message: 'The portal application has not been created yet.' });
    securityHeaders(reply).header('cache-control', 'no-store');
    return { issuer, client_id: clientId, audience, redirect_uri: `${issuer}/portal/callback`, scopes: MY_ORG_SCOPES };
  });
  const shell = (_request: unknown, reply: Parameters<typeof sendShell>[0]) => sendShell(reply, 'portal/index.html');
  app.get('/', { schema: { hide: true } as object }, shell);
  app.get('/*', { schema: { hide: true } as object }, shell);
}
