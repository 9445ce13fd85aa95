import { html, type SafeHtml } from '../../shared/pages/html.js';
import { layout, type PageBranding } from '../../shared/pages/layout.js';
import { minLengthHint } from '../../domain/users/password-policy.js';

function heading(title: string, branding: PageBranding): SafeHtml {
  return html`<h1>${title}</h1>${branding.displayName ? html`<p class="org">${branding.displayName}</p>` : ''}`;
}

const backLink = (href: string | undefined) => (href ? html`<p class="links"><a href="${href}">Back to sign in</a></p>` : '');

/** "Forgot password": asks for the email address the reset link goes to. */
export function requestResetPage(ctx: {
  action: string;
  email?: string;
  error?: string;
  hidden: Record<string, string>;
  backHref?: string;
  branding: PageBranding;
}): string {
  return layout(
    'Reset your password',
    html`${heading('Reset your password', ctx.branding)}
<p>Enter the email address of your account. We will send you a link to choose a new password.</p>
<form method="post" action="${ctx.action}" novalidate>
${Object.entries(ctx.hidden).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
<label for="email">Email address</label>
<input id="email" name="email" type="email" value="${ctx.email ?? ''}" autocomplete="username" required autofocus
${ctx.error ? html`aria-invalid="true" aria-describedby="email-error"` : ''}>
${ctx.error ? html`<p class="field-error" id="email-error">${ctx.error}</p>` : ''}
<button type="submit">Send the link</button>
</form>
${backLink(ctx.backHref)}`,
    ctx.branding,
  );
}

/** A neutral outcome page (link sent, password changed, email verified) with an optional way back. */
export function noticePage(ctx: { title: string; message: string; backHref?: string; branding: PageBranding }): string {
  return layout(
    ctx.title,
    html`${heading(ctx.title, ctx.branding)}
<p class="notice" role="status">${ctx.message}</p>
${backLink(ctx.backHref)}`,
    ctx.branding,
  );
}

/** Choose a new password, reached from the emailed link. */
export function newPasswordPage(ctx: {
  action: string;
  csrf: string;
  email: string;
  error?: string;
  branding: PageBranding;
  minPasswordLength: number;
}): string {
  return layout(
    'Choose a new password',
    html`${heading('Choose a new password', ctx.branding)}
<form method="post" action="${ctx.action}" novalidate>
<input type="hidden" name="_csrf" value="${ctx.csrf}">
<label for="email-display">Email address</label>
<input id="email-display" type="email" value="${ctx.email}" readonly autocomplete="username">
<label for="password">New password (${minLengthHint(ctx.minPasswordLength)})</label>
<input id="password" name="password" type="password" value="" autocomplete="new-password" required autofocus
${ctx.error ? html`aria-invalid="true" aria-describedby="password-error"` : ''}>
${ctx.error ? html`<p class="field-error" id="password-error">${ctx.error}</p>` : ''}
<button type="submit">Change my password</button>
</form>`,
    ctx.branding,
  );
}
