import { html, type SafeHtml } from '../../shared/pages/html.js';
import { layout } from '../../shared/pages/layout.js';
import { WEBAUTHN_SCRIPTS } from '../assets/assets.js';
import { csrfField, type FormContext, heading } from './pages.js';

/**
 * A form the WebAuthn script runs (assets/webauthn-script.ts): hidden until the script finds
 * WebAuthn; the options travel as JSON in an attribute, or (`optionsUrl`) the script asks that URL
 * for them, so that rendering the page issues no challenge; the result comes back in `credential`.
 */
export function webauthnForm(input: {
  action: string;
  csrf: string;
  mode: 'register' | 'authenticate';
  options: { inline: unknown } | { url: string };
  label: string;
  autofill?: boolean;
  secondary?: boolean;
}): SafeHtml {
  const options =
    'url' in input.options ? html` data-options-url="${input.options.url}"` : html` data-options="${JSON.stringify(input.options.inline)}"`;
  return html`<form method="post" action="${input.action}" data-webauthn="${input.mode}"${options}${input.autofill ? html` data-autofill` : ''} hidden>
${csrfField(input.csrf)}
<input type="hidden" name="credential" value="">
<button type="submit"${input.secondary ? html` class="secondary"` : ''}>${input.label}</button>
<p class="field-error" data-webauthn-error role="alert" hidden></p>
</form>`;
}

/** What a credential enrolment page is for: a security key (or this device), or a passkey. */
export type EnrolKind = 'security-key' | 'passkey';

const ENROL_TEXT: Record<EnrolKind, { title: string; intro: string; button: string }> = {
  'security-key': {
    title: 'Set up a security key',
    intro: "Use a security key, or this device's fingerprint, face or screen lock, as your second step when you sign in.",
    button: 'Set up security key',
  },
  passkey: {
    title: 'Create a passkey',
    intro:
      "A passkey lets you sign in with this device's fingerprint, face or screen lock, or a security key, without a password. It also counts as your second step.",
    button: 'Create a passkey',
  },
};

/** Enrolment of a WebAuthn credential; the way back to the authenticator app. */
export function webauthnEnrolPage(
  ctx: FormContext & { kind: EnrolKind; options: unknown; required: boolean; error?: string; otherHref: string },
): string {
  const text = ENROL_TEXT[ctx.kind];
  return layout(
    text.title,
    html`${heading(text.title, ctx.branding)}
${ctx.required ? html`<p class="notice" role="status">Your organization requires a second step when you sign in.</p>` : ''}
${ctx.error ? html`<p class="alert" role="alert">${ctx.error}</p>` : ''}
<p>${text.intro}</p>
${webauthnForm({ action: ctx.action, csrf: ctx.csrf, mode: 'register', options: { inline: ctx.options }, label: text.button })}
<noscript><p class="alert">This step needs JavaScript. Turn it on, or use an authenticator app instead.</p></noscript>
<p class="links"><a href="${ctx.otherHref}">Use an authenticator app instead</a></p>`,
    ctx.branding,
    { scripts: WEBAUTHN_SCRIPTS },
  );
}
