import { accessToken, signIn } from '../auth/session';

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

/** Calls /api/v2 with the signed-in administrator's token. Throws ApiError for any non-2xx answer. */
export async function api<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const token = await accessToken();
  const response = await fetch(`/api/v2${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return answer<T>(response);
}

/** The JSON of a 2xx answer; an ApiError (after a new sign-in for a 401) for any other. */
async function answer<T>(response: Response): Promise<T> {
  if (response.status === 401) {
    await signIn(location.pathname + location.search);
  }
  const text = await response.text();
  const json = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) {
    const error = (json ?? {}) as { message?: string; errorCode?: string; error?: string };
    throw new ApiError(
      response.status,
      error.errorCode ?? error.error ?? 'error',
      error.message ?? `The request failed (${response.status}).`,
    );
  }
  return json as T;
}

/** POSTs a multipart form (a file upload) to /api/v2 with the administrator's token. */
export async function postForm<T>(path: string, form: FormData): Promise<T> {
  const token = await accessToken();
  const response = await fetch(`/api/v2${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    body: form,
  });
  return answer<T>(response);
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
