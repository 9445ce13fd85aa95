import { html, type SafeHtml } from '../../shared/pages/html.js';
import { layout } from '../../shared/pages/layout.js';
import { WEBAUTHN_SCRIPTS } from '../assets/assets.js';
import { csrfField, field, type FormContext, heading } from './pages.js';
import { webauthnForm } from './webauthn-pages.js';

/** The code field of every factor page: digits from an authenticator app, filled by password managers as a one-time code. */
const codeField = (error?: string) =>
  field({
    name: 'code',
    label: 'Authentication code',
    type: 'text',
    error,
    autocomplete: 'one-time-code',
    inputmode: 'numeric',
    autofocus: true,
  });

/**
 * The MFA challenge: the enrolled factors, each its own form — a security key or passkey (run by
 * the WebAuthn script), the code of the authenticator app — or another way in: an emailed code, a
 * recovery code.
 */
export function mfaChallengePage(
  ctx: FormContext & {
    error?: string;
    recoveryHref?: string;
    totp: boolean;
    webauthn?: { action: string; options: unknown; error?: string };
    emailCodeOffer?: SafeHtml;
  },
): string {
  const key = ctx.webauthn;
  return layout(
    'Verify your identity',
    html`${heading('Verify your identity', ctx.branding)}
${key?.error ? html`<p class="alert" role="alert">${key.error}</p>` : ''}
${
  key
    ? html`<p>Use your security key or passkey${ctx.totp ? ', or enter a code from your authenticator app' : ''}.</p>
${webauthnForm({ action: key.action, csrf: ctx.csrf, mode: 'authenticate', options: { inline: key.options }, label: 'Use security key or passkey', secondary: ctx.totp })}
${ctx.totp ? '' : html`<noscript><p class="alert">Your security key needs JavaScript. Turn it on, or use a recovery code.</p></noscript>`}`
    : ''
}
${
  ctx.totp
    ? html`${key ? '' : html`<p>Enter the 6-digit code from your authenticator app.</p>`}
<form method="post" action="${ctx.action}" novalidate>
${csrfField(ctx.csrf)}
${codeField(ctx.error)}
<button type="submit">Continue</button>
</form>`
    : ''
}
${ctx.emailCodeOffer ?? ''}
${ctx.recoveryHref ? html`<p class="links"><a href="${ctx.recoveryHref}">Use a recovery code</a></p>` : ''}`,
    ctx.branding,
    key ? { scripts: WEBAUTHN_SCRIPTS } : {},
  );
}

/** A recovery code instead of the second factor. */
export function recoveryCodePage(ctx: FormContext & { error?: string; backHref: string }): string {
  return layout(
    'Use a recovery code',
    html`${heading('Use a recovery code', ctx.branding)}
<p>Enter one of the recovery codes you saved when you set up two-step verification. Each code works once.</p>
<form method="post" action="${ctx.action}" novalidate>
${csrfField(ctx.csrf)}
${field({ name: 'code', label: 'Recovery code', type: 'text', error: ctx.error, autocomplete: 'off', autofocus: true })}
<button type="submit">Continue</button>
</form>
<p class="links"><a href="${ctx.backHref}">Use your authenticator app</a></p>`,
    ctx.branding,
  );
}

/** TOTP enrolment: the QR code, the same key to type by hand, and the first code to prove it. */
export function totpEnrolPage(
  ctx: FormContext & {
    qrDataUrl: string;
    secret: string;
    required: boolean;
    error?: string;
    securityKeyHref?: string;
    passkeyHref?: string;
  },
): string {
  const key = ctx.secret.match(/.{1,4}/g)!.join(' ');
  return layout(
    'Set up two-step verification',
    html`${heading('Set up two-step verification', ctx.branding)}
${ctx.required ? html`<p class="notice" role="status">Your organization requires a second step when you sign in.</p>` : ''}
<p>Scan this QR code with an authenticator app, then enter the code it shows.</p>
<img class="qr" src="${ctx.qrDataUrl}" alt="QR code for your authenticator app" width="200" height="200">
<p>Can't scan it? Enter this key in the app: <code id="totp-key">${key}</code></p>
<form method="post" action="${ctx.action}" novalidate>
${csrfField(ctx.csrf)}
${codeField(ctx.error)}
<button type="submit">Verify and continue</button>
</form>
${
  ctx.securityKeyHref || ctx.passkeyHref
    ? html`<p class="links">Or ${ctx.securityKeyHref ? html`<a href="${ctx.securityKeyHref}">use a security key</a>` : ''}${ctx.securityKeyHref && ctx.passkeyHref ? ' · ' : ''}${ctx.passkeyHref ? html`<a href="${ctx.passkeyHref}">create a passkey</a>` : ''}</p>`
    : ''
}`,
    ctx.branding,
  );
}

/** The recovery codes, shown once, right after the first enrolment. */
export function recoveryCodesPage(ctx: FormContext & { codes: string[] }): string {
  return layout(
    'Save your recovery codes',
    html`${heading('Save your recovery codes', ctx.branding)}
<p>If you lose your authenticator, each of these codes lets you sign in once. Keep them somewhere safe: they are not shown again.</p>
<ul class="codes" aria-label="Recovery codes">${ctx.codes.map((c) => html`<li><code>${c}</code></li>`)}</ul>
<form method="post" action="${ctx.action}">
${csrfField(ctx.csrf)}
<button type="submit">I saved my codes, continue</button>
</form>`,
    ctx.branding,
  );
}
