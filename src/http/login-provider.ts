import type Provider from 'oidc-provider';
import type { Services } from '../domain/services.js';
import type { ProviderPort } from '../login/provider-port.js';
import { createGrant, sessionConnection } from '../oidc/organization-grants.js';

/** The hosted login's view of oidc-provider (login/provider-port.ts): the provider's interactions and oidc/'s grants. */
export function loginProviderPort(provider: Provider, services: Services): ProviderPort {
  return {
    interactionDetails: provider.interactionDetails.bind(provider),
    interactionResult: provider.interactionResult.bind(provider),
    Interaction: provider.Interaction,
    createGrant: (input) => createGrant(provider, services.signIn, input),
    sessionConnection: (sessionUid) => sessionConnection(provider, services.signIn, sessionUid),
  };
}
