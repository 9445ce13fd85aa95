import type Provider from 'oidc-provider';

/** A grant for what an authorization request asks for, bound to its organization and the connection used. */
export interface GrantRequest {
  accountId: string;
  clientId: string;
  scope: string;
  resource?: string;
  claims?: string;
  organizationId?: string;
  connectionId?: string;
}

/**
 * What the hosted login needs of oidc-provider: its interactions, and grants made and read the way
 * oidc/ makes them. `http/` builds it from the provider (login never imports oidc/).
 */
export interface ProviderPort extends Pick<Provider, 'interactionDetails' | 'interactionResult' | 'Interaction'> {
  /** Creates the grant (first-party applications are not asked for consent, as in Auth0); returns its id. */
  createGrant(input: GrantRequest): Promise<string>;
  /** The connection the session's user signed in with (read from its grants), if known. */
  sessionConnection(sessionUid: string | undefined): Promise<string | undefined>;
}
