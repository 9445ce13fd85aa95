import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database.js';
import { type Clock, iso } from '../shared/clock.js';

/** What a one-time email link is for. */
export type TicketKind = 'password_reset' | 'verify_email';

/** A ticket found by its token, still unused and unexpired. */
export interface EmailTicket {
  tokenHash: string;
  kind: TicketKind;
  userId: string;
  connectionId: string | null;
  returnTo: string | null;
  expiresAt: string;
}

/** A token is 32 random bytes (256 bits), base64url: 43 characters. */
export const TOKEN_PATTERN = '^[A-Za-z0-9_-]{43}$';

/** Only this hash is stored, so a database leak does not hand out working links. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A fresh token and its hash. */
export function newToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashToken(token) };
}

/** Stores a ticket for the token hash; it expires `ttlSeconds` from now. */
export async function storeTicket(
  db: Kysely<Database>,
  clock: Clock,
  ticket: {
    tokenHash: string;
    kind: TicketKind;
    userId: string;
    connectionId?: string;
    returnTo?: string;
    ttlSeconds: number;
  },
): Promise<void> {
  const now = clock.now();
  await db
    .insertInto('email_tickets')
    .values({
      token_hash: ticket.tokenHash,
      kind: ticket.kind,
      user_id: ticket.userId,
      connection_id: ticket.connectionId ?? null,
      return_to: ticket.returnTo ?? null,
      created_at: iso(now),
      expires_at: iso(new Date(now.getTime() + ticket.ttlSeconds * 1000)),
      used_at: null,
    })
    .execute();
}

/** The usable (unused, unexpired) ticket of this kind for the token, or undefined. */
export async function findUsableTicket(
  db: Kysely<Database> | Transaction<Database>,
  clock: Clock,
  token: string,
  kind: TicketKind,
): Promise<EmailTicket | undefined> {
  const row = await db
    .selectFrom('email_tickets')
    .selectAll()
    .where('token_hash', '=', hashToken(token))
    .where('kind', '=', kind)
    .where('used_at', 'is', null)
    .where('expires_at', '>', iso(clock.now()))
    .executeTakeFirst();
  return (
    row && {
      tokenHash: row.token_hash,
      kind: row.kind as TicketKind,
      userId: row.user_id,
      connectionId: row.connection_id,
      returnTo: row.return_to,
      expiresAt: row.expires_at,
    }
  );
}

/**
 * Marks the ticket used if it still is usable. False when another request used it first (or it
 * expired meanwhile): of two concurrent uses, exactly one wins.
 */
export async function useTicket(db: Kysely<Database> | Transaction<Database>, clock: Clock, tokenHash: string): Promise<boolean> {
  const now = iso(clock.now());
  const result = await db
    .updateTable('email_tickets')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
