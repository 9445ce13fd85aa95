import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { SettingsService } from '../domain/settings/settings.service.js';
import { MANAGEMENT_SCOPES } from '../domain/resource-servers/management-api.js';
import { CONSOLE_DIST } from './build.js';

/**
 * What the console asks for: every Management API scope but `read:client_keys`. It never needs to read
 * a stored secret (creating an application and rotating its secret answer with the new one, which
 * the console shows once), so stored secrets never reach the browser.
 */
export const CONSOLE_SCOPES = MANAGEMENT_SCOPES.filter((scope) => scope !== 'read:client_keys');

export interface ConsoleOptions {
  settings: SettingsService;
  issuer: string;
  audience: string;
}

/**
 * The console is a static single-page application; its scripts and styles come only from its own
 * build, and it talks only to this server (the OIDC endpoints and /api/v2).
 */
const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: https:",
  "connect-src 'self'",
  "font-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function securityHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', CONSOLE_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY');
}

/** Sends a page of the console's build (the console's or the portal's shell). */
export function sendShell(reply: FastifyReply, page: string): FastifyReply {
  const index = path.join(CONSOLE_DIST, page);
  if (!fs.existsSync(index)) {
    return reply.code(503).type('text/plain').send('The admin console has not been built. Run `npm start`, which builds it.');
  }
  // Read per request: a rebuild swaps the folder while the server runs.
  return securityHeaders(reply).header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(fs.readFileSync(index));
}

/** Serves the built console at /console: hashed assets cached for good, every other path the app shell. */
export async function consolePlugin(app: FastifyInstance, { settings, issuer, audience }: ConsoleOptions): Promise<void> {
  app.get('/config.json', { schema: { hide: true } as object }, async (_request, reply) => {
    // Read each time (once per console load): bootstrap may have made the console application anew.
    const clientId = await settings.consoleClientId();
    if (!clientId)
      return reply.code(503).send({ error: 'console_unavailable', message: 'The console application has not been created yet.' });
    securityHeaders(reply).header('cache-control', 'no-store');
    return { issuer, client_id: clientId, audience, redirect_uri: `${issuer}/console/callback`, scopes: CONSOLE_SCOPES };
  });

  const assets = path.join(CONSOLE_DIST, 'assets');
  await app.register(fastifyStatic, {
    root: assets,
    prefix: '/assets/',
    index: false,
    list: false,
    dotfiles: 'deny',
    wildcard: true,
    // File names carry a content hash, so a cached copy is never stale.
    immutable: true,
    maxAge: '365d',
    setHeaders: (res) => {
      res.setHeader('x-content-type-options', 'nosniff');
    },
  });

  const shell = (_request: unknown, reply: FastifyReply) => sendShell(reply, 'index.html');
  app.get('/', { schema: { hide: true } as object }, shell);
  app.get('/*', { schema: { hide: true } as object }, shell);
}
