import { createHash } from 'node:crypto';
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import instance from 'oidc-provider/lib/helpers/weak_cache.js';

/** The characters that could end the inline script or break its string literals (the data's JSON). */
const SCRIPT_UNSAFE = /[<>&\u2028\u2029]/g;
const escapeScriptChar = (char: string) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`;

/**
 * The page's script: posts the authorization response to the window that opened the popup or
 * embeds the iframe, at the redirect URI's origin only, and removes itself (the code leaves the DOM).
 * It does not close the popup: oidc-provider's page did so right after posting, and the opener,
 * on another site, could see `popup.closed` before the message (auth0-spa-js polls it every second
 * and then gives up with "Popup closed"). The opener closes it, as auth0-spa-js does on the message
 * (unless told `closePopup: false`, when the application does), as with Auth0's own page.
 */
function script(data: string): string {
  return `(function (win, doc) {
  var data = ${data};
  doc.scripts[0].parentElement.removeChild(doc.scripts[0]);
  (win.opener || win.parent).postMessage({ type: 'authorization_response', response: data.response }, data.redirect_uri);
})(this, this.document);`;
}

/**
 * `response_mode=web_message` (the draft oidc-provider implements, as auth0-spa-js uses it for
 * loginWithPopup and getTokenSilently), with the page above. The page must be framable by the
 * application, so it has no frame-ancestors or X-Frame-Options; it may run only its own inline
 * script (by hash) and load nothing.
 */
function webMessage(ctx: KoaContextWithOIDC, redirectUri: string, response: Record<string, unknown>): void {
  ctx.type = 'html';
  if (![200, 400, 500].includes(ctx.status)) ctx.status = 'error' in response ? 400 : 200;
  const data = JSON.stringify({ response, redirect_uri: redirectUri }).replace(SCRIPT_UNSAFE, escapeScriptChar);
  const code = script(data);
  const hash = createHash('sha256').update(code).digest('base64');
  ctx.response.remove('x-frame-options');
  ctx.set('content-security-policy', `default-src 'none'; script-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'`);
  ctx.set('referrer-policy', 'no-referrer');
  ctx.body = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Web Message Response</title></head>
<body><script>${code}</script></body>
</html>`;
}

/**
 * Puts the response mode above in place of oidc-provider's own. oidc-provider registers its
 * `web_message` at construction (`features.webMessageResponseMode`, which also advertises it in
 * discovery and refuses its relay mode) and `registerResponseMode` keeps a name's first handler,
 * so the handler is replaced in its per-instance table of response modes.
 */
export function installWebMessagePage(provider: Provider): void {
  const modes = instance(provider)?.responseModes;
  if (!(modes instanceof Map) || !modes.has('web_message')) {
    // An oidc-provider upgrade moved its response modes: refuse to start rather than serve its page.
    throw new Error("oidc-provider's response modes are not where Gatehouse expects them (src/oidc/web-message.ts)");
  }
  modes.set('web_message', webMessage);
}
