import type { EventType } from './event-types.js';

/**
 * What a command says about its change; who acted comes separately as the `Actor`. The subject
 * fields (user, connection, organization, client) name what the change or sign-in was about.
 */
export interface EventInput {
  type: EventType;
  /** Defaults to the type's description. */
  description?: string;
  clientId?: string | null;
  clientName?: string | null;
  userId?: string | null;
  userName?: string | null;
  connection?: string | null;
  connectionId?: string | null;
  strategy?: string | null;
  strategyType?: string | null;
  organizationId?: string | null;
  organizationName?: string | null;
  /** Free-form, JSON-serialisable; secrets are removed before storing (redact.ts). */
  details?: Record<string, unknown>;
}
