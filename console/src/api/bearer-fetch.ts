/** What the page's session gives a caller of an API: the token, and a new sign-in when it is refused. */
export interface BearerSession {
  accessToken(): Promise<string>;
  /** Signs in again, coming back to where the page is. */
  signIn(): Promise<void>;
}

/** An API's answer: its status and its JSON body (undefined when empty). */
export interface JsonAnswer {
  status: number;
  ok: boolean;
  json: unknown;
}

/**
 * Calls `url` with the session's bearer token and reads the JSON answer. A `FormData` body goes as
 * multipart, any other as JSON. A 401 (an expired or refused token) signs in again first.
 */
export async function bearerFetch(session: BearerSession, method: string, url: string, body?: unknown): Promise<JsonAnswer> {
  const token = await session.accessToken();
  const multipart = body instanceof FormData;
  const response = await fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'application/json',
      ...(body === undefined || multipart ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined || multipart ? body : JSON.stringify(body),
  });
  if (response.status === 401) await session.signIn();
  const text = await response.text();
  return { status: response.status, ok: response.ok, json: text ? (JSON.parse(text) as unknown) : undefined };
}
