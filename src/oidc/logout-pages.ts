import { html, SafeHtml } from '../shared/pages/html.js';
import { layout } from '../shared/pages/layout.js';

/** oidc-provider's logout confirmation; `form` is its own hidden form carrying the xsrf token. */
export function logoutPage(form: string): string {
  return layout(
    'Sign out',
    html`<h1>Sign out?</h1>
${new SafeHtml(form)}
<button type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button>
<button type="submit" form="op.logoutForm" class="secondary">Stay signed in</button>`,
  );
}

export function logoutSuccessPage(): string {
  return layout('Signed out', html`<h1>You are signed out</h1><p class="notice" role="status">You can close this window.</p>`);
}
