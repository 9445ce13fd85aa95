import { createProblemClient } from '../api/problem-client';
import { accessToken, signIn } from './session';

/** Calls /my-org/v1 with the signed-in organization admin's token. Throws ProblemError for any non-2xx answer. */
export const myOrg = createProblemClient('/my-org/v1', { accessToken, signIn });

/** Every item of a checkpoint-paged list (`key` names its array), 100 at a time. */
export async function listAll<T>(path: string, key: string): Promise<T[]> {
  const items: T[] = [];
  let from: string | undefined;
  for (let page = 0; page < 50; page += 1) {
    const query = new URLSearchParams({ take: '100', ...(from ? { from } : {}) });
    const body = await myOrg<Record<string, unknown>>('GET', `${path}?${query}`);
    items.push(...(body[key] as T[]));
    if (typeof body.next !== 'string' || !body.next) break;
    from = body.next;
  }
  return items;
}

// The My Organization API's shapes the portal reads.

export interface Role {
  id: string;
  name: string;
  description?: string;
}

export interface Member {
  user_id: string;
  email?: string;
  name?: string;
  roles?: Role[];
}

export interface MemberInvitation {
  id: string;
  invitee: { email: string };
  inviter: { name: string };
  roles: string[];
  created_at: string;
  expires_at: string;
  invitation_url: string;
}

export interface IdentityProvider {
  id: string;
  name: string;
  strategy: string;
  display_name?: string;
  domains: string[];
  is_enabled: boolean;
  show_as_button: boolean;
  assign_membership_on_login: boolean;
  access_level: 'none' | 'readonly' | 'limited' | 'full';
}

export interface OrgDomain {
  id: string;
  domain: string;
  status: 'pending' | 'verified' | 'failed';
  verification_txt: string;
  verification_host: string;
}

export interface OrgDetails {
  id: string;
  name: string;
  display_name?: string;
}
