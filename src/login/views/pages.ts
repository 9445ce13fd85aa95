import { html, type SafeHtml } from '../../shared/pages/html.js';
import { layout, type PageBranding } from '../../shared/pages/layout.js';
import { WEBAUTHN_SCRIPTS } from '../assets/assets.js';
import { webauthnForm } from './webauthn-pages.js';
import { minLengthHint } from '../../domain/users/password-policy.js';

/** What every form page needs: where it posts, the CSRF token, branding. */
export interface FormContext {
  action: string;
  csrf: string;
  branding: PageBranding;
}

export const csrfField = (csrf: string) => html`<input type="hidden" name="_csrf" value="${csrf}">`;

/** An input with its label and, when invalid, an error tied to it with aria-describedby. */
export function field(input: {
  name: string;
  label: string;
  type: string;
  value?: string;
  error?: string;
  autocomplete: string;
  inputmode?: string;
  autofocus?: boolean;
  readonly?: boolean;
}): SafeHtml {
  const errorId = `${input.name}-error`;
  return html`<label for="${input.name}">${input.label}</label>
<input id="${input.name}" name="${input.name}" type="${input.type}" value="${input.value ?? ''}" autocomplete="${input.autocomplete}"${input.inputmode ? html` inputmode="${input.inputmode}"` : ''} required
${input.autofocus ? html`autofocus` : ''} ${input.readonly ? html`readonly` : ''} ${input.error ? html`aria-invalid="true" aria-describedby="${errorId}"` : ''}>
${input.error ? html`<p class="field-error" id="${errorId}">${input.error}</p>` : ''}`;
}

export function heading(title: string, branding: PageBranding): SafeHtml {
  return html`<h1>${title}</h1>${branding.displayName ? html`<p class="org">${branding.displayName}</p>` : ''}`;
}

/** Identifier first: the email, then (optionally) connection buttons and a sign-up link. */
export function identifierPage(
  ctx: FormContext & {
    email?: string;
    error?: string;
    notice?: string;
    buttons: { label: string; href: string }[];
    signupHref?: string;
    noVisibleConnections?: boolean;
    /**
     * Passkey sign-in (a database connection is usable here): its form's action, the URL its script
     * gets the options (and challenge) from, and a refusal to show.
     */
    passkey?: { action: string; optionsUrl: string; error?: string };
  },
): string {
  const passkey = ctx.passkey;
  return layout(
    'Sign in',
    html`${heading('Sign in', ctx.branding)}
${ctx.notice ? html`<p class="notice" role="status">${ctx.notice}</p>` : ''}
${passkey?.error ? html`<p class="alert" role="alert">${passkey.error}</p>` : ''}
${
  ctx.noVisibleConnections
    ? html`<p class="alert" role="alert">No connections enabled for the organization are visible.</p>`
    : html`<form method="post" action="${ctx.action}" novalidate>
${csrfField(ctx.csrf)}
${field({ name: 'email', label: 'Email address', type: 'email', value: ctx.email, error: ctx.error, autocomplete: passkey ? 'username webauthn' : 'username', autofocus: true })}
<button type="submit">Continue</button>
</form>`
}
${passkey ? webauthnForm({ action: passkey.action, csrf: ctx.csrf, mode: 'authenticate', options: { url: passkey.optionsUrl }, label: 'Sign in with a passkey', autofill: true, secondary: true }) : ''}
${ctx.buttons.length > 0 ? html`<ul class="choices">${ctx.buttons.map((b) => html`<li><a class="button secondary" href="${b.href}">Continue with ${b.label}</a></li>`)}</ul>` : ''}
${ctx.signupHref ? html`<p class="links">Don't have an account? <a href="${ctx.signupHref}">Sign up</a></p>` : ''}`,
    ctx.branding,
    passkey ? { scripts: WEBAUTHN_SCRIPTS } : {},
  );
}

/** The password step for a database connection. */
export function passwordPage(ctx: FormContext & { email: string; error?: string; changeEmailHref: string; forgotHref?: string }): string {
  return layout(
    'Enter your password',
    html`${heading('Enter your password', ctx.branding)}
<form method="post" action="${ctx.action}" novalidate>
${csrfField(ctx.csrf)}
<label for="email-display">Email address</label>
<input id="email-display" type="email" value="${ctx.email}" readonly autocomplete="username">
${field({ name: 'password', label: 'Password', type: 'password', error: ctx.error, autocomplete: 'current-password', autofocus: true })}
<button type="submit">Continue</button>
</form>
<p class="links"><a href="${ctx.changeEmailHref}">Use another email</a>${ctx.forgotHref ? html` · <a href="${ctx.forgotHref}">Forgot password?</a>` : ''}</p>`,
    ctx.branding,
  );
}

/** Sign-up for a database connection (also used to accept an invitation). */
export function signupPage(
  ctx: FormContext & {
    email?: string;
    emailLocked?: boolean;
    errors: { email?: string; password?: string; form?: string };
    loginHref?: string;
    title?: string;
    /** The connection's minimum length, shown in the label; the other rules appear when broken. */
    minPasswordLength: number;
  },
): string {
  const title = ctx.title ?? 'Create your account';
  return layout(
    title,
    html`${heading(title, ctx.branding)}
${ctx.errors.form ? html`<p class="alert" role="alert">${ctx.errors.form}</p>` : ''}
<form method="post" action="${ctx.action}" novalidate>
${csrfField(ctx.csrf)}
${field({ name: 'email', label: 'Email address', type: 'email', value: ctx.email, error: ctx.errors.email, autocomplete: 'username', autofocus: !ctx.emailLocked, readonly: ctx.emailLocked })}
${field({ name: 'password', label: `Password (${minLengthHint(ctx.minPasswordLength)})`, type: 'password', error: ctx.errors.password, autocomplete: 'new-password', autofocus: ctx.emailLocked })}
<button type="submit">Sign up</button>
</form>
${ctx.loginHref ? html`<p class="links">Already have an account? <a href="${ctx.loginHref}">Sign in</a></p>` : ''}`,
    ctx.branding,
  );
}

/** pre_login_prompt: asks which organization before signing in. */
export function organizationPromptPage(ctx: FormContext & { value?: string; error?: string }): string {
  return layout(
    'Enter your organization',
    html`${heading('Enter your organization', ctx.branding)}
<form method="post" action="${ctx.action}" novalidate>
${csrfField(ctx.csrf)}
${field({ name: 'organization_name', label: 'Organization name', type: 'text', value: ctx.value, error: ctx.error, autocomplete: 'organization', autofocus: true })}
<p class="hint">Or enter your work email: we find your organization from its domain.</p>
<button type="submit">Continue</button>
</form>`,
    ctx.branding,
  );
}

/** post_login_prompt: the signed-in user's organizations. */
export function organizationPickerPage(ctx: FormContext & { organizations: { id: string; label: string }[] }): string {
  return layout(
    'Choose an organization',
    html`${heading('Choose an organization', ctx.branding)}
<form method="post" action="${ctx.action}">
${csrfField(ctx.csrf)}
<ul class="choices">
${ctx.organizations.map((o) => html`<li><button type="submit" name="organization" value="${o.id}" class="secondary">${o.label}</button></li>`)}
</ul>
</form>`,
    ctx.branding,
  );
}

/** A message (usually why a login cannot continue), with a button back to the application. */
export function messagePage(ctx: {
  title: string;
  message: string;
  hint?: string;
  branding: PageBranding;
  reference?: string;
  continueForm?: { action: string; csrf: string; label: string };
}): string {
  return layout(
    ctx.title,
    html`${heading(ctx.title, ctx.branding)}
<p class="alert" role="alert">${ctx.message}</p>
${ctx.hint ? html`<p>${ctx.hint}</p>` : ''}
${ctx.continueForm ? html`<form method="post" action="${ctx.continueForm.action}">${csrfField(ctx.continueForm.csrf)}<button type="submit">${ctx.continueForm.label}</button></form>` : ''}
${ctx.reference ? html`<p class="ref">Reference: ${ctx.reference}</p>` : ''}`,
    ctx.branding,
  );
}
