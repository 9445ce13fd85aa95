import { html, type SafeHtml } from '../../shared/pages/html.js';
import type { OrganizationDomain } from '../../domain/organization-domains/organization-domains.types.js';
import type { SelfServiceStrategy, UserAttribute } from '../../domain/self-service/self-service.types.js';
import type { IdpField, IdpKind } from '../idp-kinds.js';
import { type WizardBranding, wizardLayout } from './layout.js';

/** The wizard's steps, in order; `domains` only when the ticket verifies domains. */
export type Step = 'provider' | 'configure' | 'test' | 'domains' | 'finish';
const STEP_LABELS: Record<Step, string> = {
  provider: 'Identity provider',
  configure: 'Configure',
  test: 'Test',
  domains: 'Domains',
  finish: 'Finish',
};

/** What every wizard page shows: the branding, the steps and where the IT admin is. */
export interface PageContext {
  branding: WizardBranding;
  csrf: string;
  steps: Step[];
}

const csrfField = (csrf: string) => html`<input type="hidden" name="_csrf" value="${csrf}">`;

function frame(ctx: PageContext, current: Step, title: string, body: SafeHtml): string {
  const steps = html`<nav aria-label="Setup steps"><ol class="steps">${ctx.steps.map((step, i) =>
    step === current ? html`<li aria-current="step">${i + 1}. ${STEP_LABELS[step]}</li>` : html`<li>${i + 1}. ${STEP_LABELS[step]}</li>`,
  )}</ol></nav>`;
  return wizardLayout(
    title,
    html`<h1>${title}</h1>${ctx.branding.vendor ? html`<p class="by">Single sign-on for ${ctx.branding.vendor}</p>` : ''}${steps}${body}`,
    ctx.branding,
  );
}

/** A page that ends the wizard or refuses it: an invalid link, a failure, the end. */
export function messagePage(input: { title: string; message: string; branding?: WizardBranding; reference?: string; success?: boolean }) {
  return wizardLayout(
    input.title,
    html`<h1>${input.title}</h1>
<p class="${input.success ? 'success' : 'alert'}" role="${input.success ? 'status' : 'alert'}">${input.message}</p>
${input.reference ? html`<p class="ref">Reference: ${input.reference}</p>` : ''}`,
    input.branding ?? {},
  );
}

export function providerPage(ctx: PageContext & { kinds: { id: SelfServiceStrategy; label: string }[]; chosen?: string; error?: string }) {
  return frame(
    ctx,
    'provider',
    'Choose your identity provider',
    html`${ctx.error ? html`<p class="alert" role="alert" id="strategy-error">${ctx.error}</p>` : ''}
<form method="post" action="/self-service/setup/provider">
${csrfField(ctx.csrf)}
<fieldset ${ctx.error ? html`aria-describedby="strategy-error"` : ''}>
<legend>Which identity provider does your organization use?</legend>
${ctx.kinds.map(
  (k) =>
    html`<label class="choice"><input type="radio" name="strategy" value="${k.id}" required ${k.id === ctx.chosen ? html`checked` : ''}> ${k.label}</label>`,
)}
</fieldset>
<button type="submit">Continue</button>
</form>`,
  );
}

function valuesList(values: { label: string; value: string }[]): SafeHtml {
  return html`<dl class="values">${values.map((v) => html`<dt>${v.label}</dt><dd>${v.value}</dd>`)}</dl>`;
}

function input(field: IdpField, error: string | undefined, hasSecret: boolean): SafeHtml {
  const describedBy = [field.hint ? `${field.name}-hint` : '', error ? `${field.name}-error` : ''].filter(Boolean).join(' ');
  const aria = html`${describedBy ? html`aria-describedby="${describedBy}"` : ''} ${error ? html`aria-invalid="true"` : ''}`;
  const hint = field.kind === 'secret' && hasSecret ? 'Saved. Leave empty to keep it.' : field.hint;
  const control =
    field.kind === 'textarea'
      ? html`<textarea id="${field.name}" name="${field.name}" ${aria}></textarea>`
      : html`<input id="${field.name}" name="${field.name}" type="${field.kind === 'secret' ? 'password' : field.kind === 'url' ? 'url' : 'text'}" autocomplete="off" ${aria}>`;
  return html`<label for="${field.name}">${field.label}${field.required ? '' : ' (optional)'}</label>
${hint ? html`<p class="hint" id="${field.name}-hint">${hint}</p>` : ''}
${control}
${error ? html`<p class="field-error" id="${field.name}-error">${error}</p>` : ''}`;
}

export function configurePage(
  ctx: PageContext & {
    kind: IdpKind;
    values: { label: string; value: string }[];
    errors: Record<string, string>;
    formError?: string;
    hasSecret: boolean;
  },
) {
  return frame(
    ctx,
    'configure',
    `Connect ${ctx.kind.label}`,
    html`${ctx.formError ? html`<p class="alert" role="alert">${ctx.formError}</p>` : ''}
<h2>1. In ${ctx.kind.idpName}</h2>
<p>${ctx.kind.instructions}</p>
${valuesList(ctx.values)}
<h2>2. Here</h2>
<p>Copy these settings from ${ctx.kind.idpName}.</p>
<form method="post" action="/self-service/setup/configure" novalidate>
${csrfField(ctx.csrf)}
${ctx.kind.fields.map((f) => input(f, ctx.errors[f.name], ctx.hasSecret))}
<div class="actions"><button type="submit">Save and continue</button><a class="button secondary" href="/self-service/setup/provider">Change identity provider</a></div>
</form>`,
  );
}

function claimsTable(claims: Record<string, unknown>): SafeHtml {
  const rows = Object.entries(claims).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0));
  return html`<table><caption class="hint">What your identity provider sent</caption><thead><tr><th scope="col">Claim</th><th scope="col">Value</th></tr></thead><tbody>${rows.map(
    ([k, v]) => html`<tr><td>${k}</td><td>${typeof v === 'string' ? v : JSON.stringify(v)}</td></tr>`,
  )}</tbody></table>`;
}

export function testPage(
  ctx: PageContext & {
    kindLabel: string;
    test?: { ok: boolean; at: string; claims?: Record<string, unknown>; error?: string };
    attributes: (UserAttribute & { received: boolean })[];
    next: string;
  },
) {
  const outcome = !ctx.test
    ? html`<p class="notice" role="status">Sign in once through ${ctx.kindLabel} to check that the connection works. Use an account of your organization.</p>`
    : ctx.test.ok
      ? html`<p class="success" role="status">The test sign-in worked.</p>${claimsTable(ctx.test.claims ?? {})}
${
  ctx.attributes.length > 0
    ? html`<h2>Attributes to map</h2><table><thead><tr><th scope="col">Attribute</th><th scope="col">Needed for</th><th scope="col">Received</th></tr></thead><tbody>${ctx.attributes.map(
        (a) =>
          html`<tr><td>${a.name}${a.is_optional ? ' (optional)' : ''}</td><td>${a.description}</td><td>${a.received ? 'Yes' : 'No'}</td></tr>`,
      )}</tbody></table>`
    : ''
}`
      : html`<p class="alert" role="alert">The test sign-in failed: ${ctx.test.error}</p>`;
  return frame(
    ctx,
    'test',
    'Test the connection',
    html`${outcome}
<div class="actions">
<a class="button${ctx.test?.ok ? ' secondary' : ''}" href="/self-service/setup/test/start">${ctx.test ? 'Test again' : 'Test sign-in'}</a>
${ctx.test?.ok ? html`<a class="button" href="${ctx.next}">Continue</a>` : ''}
<a class="button secondary" href="/self-service/setup/configure">Edit settings</a>
</div>`,
  );
}

export function domainsPage(ctx: PageContext & { domains: OrganizationDomain[]; required: boolean; error?: string; value?: string }) {
  const verified = ctx.domains.some((d) => d.status === 'verified');
  return frame(
    ctx,
    'domains',
    'Verify your domains',
    html`<p>Prove that your organization owns its email domains: publish the TXT record shown for each one in your DNS, then verify it.
${ctx.required ? ' At least one verified domain is needed to finish.' : ' This step is optional.'}</p>
${
  ctx.domains.length > 0
    ? html`<table><thead><tr><th scope="col">Domain</th><th scope="col">TXT record</th><th scope="col">Status</th><th scope="col"><span class="hint">Action</span></th></tr></thead><tbody>${ctx.domains.map(
        (d) =>
          html`<tr><td>${d.domain}</td><td><code>${d.verification_host}</code><br><code>${d.verification_txt}</code></td><td>${d.status}${d.last_error ? html`<br><span class="hint">${d.last_error}</span>` : ''}</td><td>${
            d.status === 'verified'
              ? ''
              : html`<form method="post" action="/self-service/setup/domains/${d.id}/verify">${csrfField(ctx.csrf)}<button type="submit" class="secondary" aria-label="Verify ${d.domain}">Verify</button></form>`
          }</td></tr>`,
      )}</tbody></table>`
    : ''
}
<form method="post" action="/self-service/setup/domains" novalidate>
${csrfField(ctx.csrf)}
<label for="domain">Email domain</label>
<p class="hint" id="domain-hint">Like acme.com.</p>
<input id="domain" name="domain" type="text" value="${ctx.value ?? ''}" autocomplete="off" aria-describedby="domain-hint${ctx.error ? ' domain-error' : ''}" ${ctx.error ? html`aria-invalid="true"` : ''}>
${ctx.error ? html`<p class="field-error" id="domain-error">${ctx.error}</p>` : ''}
<button type="submit" class="secondary">Add domain</button>
</form>
${!ctx.required || verified ? html`<p><a class="button" href="/self-service/setup/finish">Continue</a></p>` : ''}`,
  );
}

export function finishPage(
  ctx: PageContext & { kindLabel: string; connectionName: string; organizations: string[]; domains: string[]; error?: string },
) {
  return frame(
    ctx,
    'finish',
    'Finish the setup',
    html`${ctx.error ? html`<p class="alert" role="alert">${ctx.error}</p>` : ''}
<dl class="values">
<dt>Identity provider</dt><dd>${ctx.kindLabel}</dd>
<dt>Connection</dt><dd>${ctx.connectionName}</dd>
${ctx.organizations.length > 0 ? html`<dt>Organizations</dt><dd>${ctx.organizations.join(', ')}</dd>` : ''}
${ctx.domains.length > 0 ? html`<dt>Verified domains</dt><dd>${ctx.domains.join(', ')}</dd>` : ''}
</dl>
<p>When you finish, your people can sign in through ${ctx.kindLabel}. This setup link then stops working.</p>
<form method="post" action="/self-service/setup/finish">
${csrfField(ctx.csrf)}
<button type="submit">Finish setup</button>
</form>`,
  );
}
