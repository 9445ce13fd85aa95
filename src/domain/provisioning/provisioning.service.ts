import type { ServiceDeps } from '../services.js';
import { provisionEnterpriseLogin } from './provision-enterprise-login.js';
import { provisionSocialLogin } from './provision-social-login.js';

type SocialLogin = Parameters<typeof provisionSocialLogin>[2];
type EnterpriseLogin = Parameters<typeof provisionEnterpriseLogin>[2];

/** The user behind an upstream login (DESIGN.md, "Provisioning rules"), for the hosted login. */
export function createProvisioningService({ db, clock }: Pick<ServiceDeps, 'db' | 'clock'>) {
  return {
    /** A Google or GitHub login: find, link or create the user (provision-social-login.ts). */
    provisionSocialLogin: (input: SocialLogin) => provisionSocialLogin(db, clock, input),
    /** A SAML or OIDC enterprise login: find, attach, merge or create the user (provision-enterprise-login.ts). */
    provisionEnterpriseLogin: (input: EnterpriseLogin) => provisionEnterpriseLogin(db, clock, input),
  };
}

export type ProvisioningService = ReturnType<typeof createProvisioningService>;
