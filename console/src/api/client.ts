import { accessToken, signIn } from '../auth/session';
import { bearerFetch, type JsonAnswer } from './bearer-fetch';

/** An error answered by the Management API, in Auth0's shape. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }

  /** The field a validation error names (`… on property options.signInEndpoint.`), if any. */
  get field(): string | undefined {
    return /on property ([\w.[\]-]+?)\.?(?:\s|$|\()/.exec(this.message)?.[1];
  }
}

type Query = Record<string, string | number | boolean | undefined>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** The administrator's session: a refused token signs in again and comes back to this screen. */
const session = { accessToken, signIn: () => signIn(location.pathname + location.search) };

/** Calls /api/v2 with the signed-in administrator's token. Throws ApiError for any non-2xx answer. */
export async function api<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  return answer<T>(await bearerFetch(session, method, `/api/v2${path}`, body));
}

/** POSTs a multipart form (a file upload) to /api/v2 with the administrator's token. */
export async function postForm<T>(path: string, form: FormData): Promise<T> {
  return answer<T>(await bearerFetch(session, 'POST', `/api/v2${path}`, form));
}

/** The JSON of a 2xx answer; an ApiError for any other. */
function answer<T>({ ok, status, json }: JsonAnswer): T {
  if (!ok) {
    const error = (json ?? {}) as { message?: string; errorCode?: string; error?: string };
    throw new ApiError(status, error.errorCode ?? error.error ?? 'error', error.message ?? `The request failed (${status}).`);
  }
  return json as T;
}

export const get = <T>(path: string, query?: Query) => api<T>('GET', withQuery(path, query));
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, body);
export const put = <T>(path: string, body: unknown) => api<T>('PUT', path, body);
export const del = <T = void>(path: string, body?: unknown) => api<T>('DELETE', path, body);

/** Pages walked at most by getAll: a picker offers up to 5 000 choices. */
const MAX_PAGES = 50;

/**
 * Every item of a list (`key` names the array in the answer), walking its pages 100 at a time: for
 * pickers and short lists, which must not silently stop at the first page.
 */
export async function getAll<T>(path: string, key: string, query: Query = {}): Promise<T[]> {
  const items: T[] = [];
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const body = await get<Record<string, unknown>>(path, { ...query, page, per_page: 100, include_totals: true });
    const batch = body[key] as T[];
    items.push(...batch);
    if (batch.length < 100 || items.length >= Number(body.total)) break;
  }
  return items;
}
