import { html, type SafeHtml } from '../../shared/pages/html.js';
import { layout } from '../../shared/pages/layout.js';
import { csrfField, field, type FormContext, heading } from './pages.js';

/** The challenge page's way to the emailed code: a form, since asking for a code sends an email. */
export function emailCodeOffer(ctx: { action: string; csrf: string }): SafeHtml {
  return html`<form method="post" action="${ctx.action}">
${csrfField(ctx.csrf)}
<button type="submit" class="secondary">Email me a code instead</button>
</form>`;
}

/** The emailed code: where it went, the field, another code, and the way back to the other factor. */
export function emailCodePage(
  ctx: FormContext & { maskedEmail: string; resendAction: string; backHref: string; error?: string; notice?: string },
): string {
  return layout(
    'Check your email',
    html`${heading('Check your email', ctx.branding)}
${ctx.notice ? html`<p class="notice" role="status">${ctx.notice}</p>` : ''}
<p>We sent a 6-digit code to ${ctx.maskedEmail}. It works once, within 5 minutes.</p>
<form method="post" action="${ctx.action}" novalidate>
${csrfField(ctx.csrf)}
${field({ name: 'code', label: 'Email code', type: 'text', error: ctx.error, autocomplete: 'one-time-code', inputmode: 'numeric', autofocus: true })}
<button type="submit">Continue</button>
</form>
<form method="post" action="${ctx.resendAction}">
${csrfField(ctx.csrf)}
<button type="submit" class="secondary">Send a new code</button>
</form>
<p class="links"><a href="${ctx.backHref}">Use your authenticator app</a></p>`,
    ctx.branding,
  );
}
