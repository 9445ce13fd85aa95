import { ApiError } from '../api/client';
import { accessToken, signIn } from './session';

/** A problem+json answer of the My Organization API; `field` is the first refused input it names. */
export class ProblemError extends ApiError {
  constructor(
    status: number,
    code: string,
    message: string,
    private readonly refusedField?: string,
  ) {
    super(status, code, message);
  }

  override get field(): string | undefined {
    return this.refusedField;
  }
}

interface Problem {
  status?: number;
  code?: string;
  title?: string;
  detail?: string;
  validation_errors?: { detail: string; field?: string }[];
}

/** Calls /my-org/v1 with the signed-in organization admin's token. Throws ProblemError for any non-2xx answer. */
export async function myOrg<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const token = await accessToken();
  const response = await fetch(`/my-org/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401) await signIn(location.pathname);
  const text = await response.text();
  const json = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) {
    const problem = (json ?? {}) as Problem;
    const first = problem.validation_errors?.[0];
    throw new ProblemError(
      response.status,
      problem.code ?? 'error',
      first ? first.detail : (problem.detail ?? problem.title ?? `The request failed (${response.status}).`),
      first?.field,
    );
  }
  return json as T;
}

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
