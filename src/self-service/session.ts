import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The wizard session's cookie: only the wizard's own paths ever see it. */
export const SESSION_COOKIE = 'gatehouse_sso_setup';
const PATH = '/self-service';

/** The session secret the browser holds, from the Cookie header. */
export function sessionOf(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/**
 * Sets the session cookie: HttpOnly, and SameSite=Lax so that the IdP's way back (a top-level GET
 * after the ACS or the OIDC callback) still carries it while no other site's form can.
 */
export function setSession(reply: FastifyReply, session: string, expiresAt: string, secure: boolean): void {
  const attributes = [`Path=${PATH}`, 'HttpOnly', 'SameSite=Lax', `Expires=${new Date(expiresAt).toUTCString()}`];
  if (secure) attributes.push('Secure');
  reply.header('set-cookie', `${SESSION_COOKIE}=${encodeURIComponent(session)}; ${attributes.join('; ')}`);
}

export function clearSession(reply: FastifyReply, secure: boolean): void {
  reply.header('set-cookie', `${SESSION_COOKIE}=; Path=${PATH}; HttpOnly; SameSite=Lax; Max-Age=0${secure ? '; Secure' : ''}`);
}

/** The CSRF token of a ticket's forms: only a page rendered for this ticket can post to it. */
export function csrfToken(secret: string, ticketId: string): string {
  return createHmac('sha256', secret).update(`self-service:${ticketId}`).digest('base64url');
}

export function csrfValid(secret: string, ticketId: string, submitted: unknown): boolean {
  if (typeof submitted !== 'string') return false;
  const expected = Buffer.from(csrfToken(secret, ticketId));
  const actual = Buffer.from(submitted);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
