/**
 * A scripted user agent for HTTP-level login tests: keeps cookies per origin+path, follows
 * redirects by hand and stops at the application's callback.
 */
export interface Page {
  url: string;
  status: number;
  html: string;
}

interface Cookie {
  name: string;
  value: string;
  path: string;
  host: string;
}

export function createAgent(options: { userAgent?: string } = {}) {
  const cookies: Cookie[] = [];

  function store(url: URL, headers: Headers) {
    for (const line of headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const pathAttr = attrs.map((a) => a.trim()).find((a) => a.toLowerCase().startsWith('path='));
      const path = pathAttr ? pathAttr.slice(5) : '/';
      const expired = attrs.some((a) => /expires=Thu, 01 Jan 1970/i.test(a)) || attrs.some((a) => /max-age=0/i.test(a.trim()));
      const index = cookies.findIndex((c) => c.name === name && c.path === path && c.host === url.host);
      if (index >= 0) cookies.splice(index, 1);
      if (!expired) cookies.push({ name, value, path, host: url.host });
    }
  }

  function cookieHeader(url: URL): string {
    return cookies
      .filter((c) => c.host === url.host && url.pathname.startsWith(c.path))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  async function request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const target = new URL(url);
    const headers: Record<string, string> = options.userAgent ? { 'user-agent': options.userAgent } : {};
    const cookie = cookieHeader(target);
    if (cookie) headers.cookie = cookie;
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(target, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    store(target, res.headers);
    return res;
  }

  return {
    cookies,
    /** Requests and follows redirects until a page, or until a URL starting with `stopAt`. */
    async go(url: string, init: { method?: string; form?: Record<string, string>; stopAt?: string } = {}): Promise<Page> {
      let res = await request(url, init);
      let current = url;
      for (let hops = 0; hops < 20 && res.status >= 300 && res.status < 400; hops += 1) {
        const next = new URL(res.headers.get('location')!, current).toString();
        current = next;
        if (init.stopAt && next.startsWith(init.stopAt)) return { url: next, status: res.status, html: '' };
        res = await request(next);
      }
      return { url: current, status: res.status, html: await res.text() };
    },
  };
}

export type Agent = ReturnType<typeof createAgent>;

/** The value of a named hidden/text input in a page. */
export function inputValue(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!match) throw new Error(`no input ${name} in page:\n${html.slice(0, 2000)}`);
  return match[1]
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}

/** The action of the first form in a page, absolute. */
export function formAction(page: Page, index = 0): string {
  const matches = [...page.html.matchAll(/<form method="post" action="([^"]+)"/g)];
  if (!matches[index]) throw new Error(`no form ${index} in page ${page.url}:\n${page.html.slice(0, 2000)}`);
  return new URL(matches[index][1], page.url).toString();
}
