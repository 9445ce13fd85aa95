import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import middie from '@fastify/middie';
import type Provider from 'oidc-provider';
import { OIDC_ROUTES, needsConsentPrompt } from '../oidc/provider.js';
import { AUTH0_LOGOUT_PATH } from '../oidc/logout.js';

const OIDC_PATHS = new Set<string>([...Object.values(OIDC_ROUTES), '/.well-known/openid-configuration', AUTH0_LOGOUT_PATH]);
const MAX_BODY = 56 * 1024;
/** Endpoints that take Auth0's JSON bodies as well as forms (see rewriteBody). */
const JSON_BODY_PATHS = new Set<string>([OIDC_ROUTES.token, OIDC_ROUTES.pushed_authorization_request, OIDC_ROUTES.revocation]);

/** Where authorization requests are posted: their `offline_access` needs the consent prompt too. */
const AUTHORIZATION_BODY_PATHS = new Set<string>([OIDC_ROUTES.authorization, OIDC_ROUTES.pushed_authorization_request]);

/** oidc-provider's routes and their sub-paths (`/authorize/:uid` resumes, `/oidc/logout/confirm`). */
function isOidcPath(path: string): boolean {
  if (OIDC_PATHS.has(path)) return true;
  const slash = path.indexOf('/', 1);
  return slash > 0 && (path.startsWith(`${OIDC_ROUTES.authorization}/`) || path.startsWith(`${OIDC_ROUTES.end_session}/`));
}

/** oidc-provider's name for a path it serves, its own route pattern (for the request metrics); undefined when it is not one. */
export function oidcRoute(url: string): string | undefined {
  const path = pathOf(url);
  if (OIDC_PATHS.has(path)) return path;
  if (path.startsWith(`${OIDC_ROUTES.authorization}/`)) return `${OIDC_ROUTES.authorization}/:uid`;
  if (path.startsWith(`${OIDC_ROUTES.end_session}/`)) return `${OIDC_ROUTES.end_session}/:step`;
  return undefined;
}

function pathOf(url: string | undefined): string {
  const q = (url ?? '/').indexOf('?');
  return q === -1 ? (url ?? '/') : (url ?? '/').slice(0, q);
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Auth0 clients post JSON to /oauth/token; oidc-provider reads only form bodies. Re-encode the JSON
 * as a form and hand oidc-provider a request whose stream replays it. Authorization requests posted
 * to /oauth/par or /authorize are re-encoded too, to keep `offline_access` (needsConsentPrompt).
 */
async function rewriteBody(req: IncomingMessage, kind: 'json' | 'authorization-form'): Promise<void> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw Object.assign(new Error('request entity too large'), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  let text: string;
  try {
    text = STRICT_UTF8.decode(Buffer.concat(chunks));
  } catch {
    // Invalid UTF-8 would otherwise become U+FFFD inside client ids and secrets.
    throw Object.assign(new Error('request body is not valid UTF-8'), { status: 400 });
  }
  const form = kind === 'json' ? jsonAsForm(text) : new URLSearchParams(text);
  if (
    AUTHORIZATION_BODY_PATHS.has(pathOf(req.url)) &&
    needsConsentPrompt(form.get('scope') ?? undefined, form.get('prompt') ?? undefined)
  ) {
    form.set('prompt', 'consent');
  }
  const body = Buffer.from(form.toString());
  const replay = Readable.from([body]);
  req.headers['content-type'] = 'application/x-www-form-urlencoded';
  req.headers['content-length'] = String(body.length);
  Object.defineProperty(req, 'readable', { configurable: true, get: () => !replay.readableEnded });
  Object.defineProperty(req, 'iterator', { configurable: true, value: replay.iterator.bind(replay) });
}

function jsonAsForm(text: string): URLSearchParams {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const form = new URLSearchParams();
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
    for (const [key, value] of Object.entries(parsed)) {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') form.append(key, String(value));
    }
  }
  return form;
}

/** Which body, if any, is re-encoded before oidc-provider reads it. */
function bodyRewrite(req: IncomingMessage): 'json' | 'authorization-form' | undefined {
  if (req.method !== 'POST') return undefined;
  const path = pathOf(req.url);
  const type = req.headers['content-type'] ?? '';
  if (JSON_BODY_PATHS.has(path) && /^application\/json\b/i.test(type)) return 'json';
  if (AUTHORIZATION_BODY_PATHS.has(path) && /^application\/x-www-form-urlencoded\b/i.test(type)) return 'authorization-form';
  return undefined;
}

/** Mounts oidc-provider on its own paths; everything else stays with Fastify's router. */
export async function mountOidc(app: FastifyInstance, provider: Provider): Promise<void> {
  const callback = provider.callback();
  await app.register(middie);
  app.use((req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => {
    if (!isOidcPath(pathOf(req.url))) return next();
    const rewrite = bodyRewrite(req);
    (rewrite ? rewriteBody(req, rewrite) : Promise.resolve())
      .then(() => callback(req, res))
      .catch((error: unknown) => {
        res.statusCode = (error as { status?: number }).status ?? 400;
        // The rest of the body is still unread on the socket: close it, or the next request on this
        // keep-alive connection would wait behind megabytes nobody reads.
        res.setHeader('connection', 'close');
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ error: 'invalid_request', error_description: 'failed to parse the request body' }));
      });
  });
}
