import { html, type SafeHtml } from '../../shared/pages/html.js';
import type { PageBranding } from '../../shared/pages/layout.js';

const COLOR = /^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;

/** The wizard's stylesheet, served at /self-service/assets/wizard.css: the hosted login's look, wider. */
export const WIZARD_CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f3f4f6;color:#1b1f24;padding:1rem}
main{background:#fff;max-width:44rem;margin:1rem auto;padding:2rem;border-radius:.75rem;box-shadow:0 2px 12px rgba(0,0,0,.12)}
h1{font-size:1.4rem;margin:.25rem 0 1rem}
h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
.logo{display:block;max-height:3.5rem;max-width:12rem;margin:0 0 .75rem}
.by{color:#4b5563;margin:-.75rem 0 1rem}
ol.steps{list-style:none;display:flex;flex-wrap:wrap;gap:.5rem;padding:0;margin:0 0 1.5rem;font-size:.9rem}
ol.steps li{padding:.2rem .6rem;border-radius:1rem;background:#e5e7eb;color:#1b1f24}
ol.steps li[aria-current=step]{background:var(--primary);color:#fff;font-weight:600}
label{display:block;font-weight:600;margin:.9rem 0 .25rem}
.hint{color:#4b5563;font-size:.9rem;margin:.1rem 0 .25rem}
input[type=text],input[type=url],input[type=password],textarea{width:100%;padding:.6rem .7rem;border:1px solid #6b7280;border-radius:.4rem;font:inherit}
textarea{min-height:6rem;font-family:ui-monospace,monospace;font-size:.85rem}
input:focus,button:focus,a:focus,textarea:focus{outline:3px solid var(--primary);outline-offset:2px}
[aria-invalid=true]{border-color:#b91c1c}
.field-error{color:#b91c1c;font-size:.9rem;margin:.25rem 0 0}
.alert{background:#fef2f2;border:1px solid #fecaca;color:#7f1d1d;padding:.6rem .75rem;border-radius:.4rem;margin:0 0 1rem}
.success{background:#f0fdf4;border:1px solid #bbf7d0;color:#14532d;padding:.6rem .75rem;border-radius:.4rem;margin:0 0 1rem}
.notice{background:#eff6ff;border:1px solid #bfdbfe;color:#1e3a8a;padding:.6rem .75rem;border-radius:.4rem;margin:0 0 1rem}
fieldset{border:0;padding:0;margin:0}
legend{font-weight:600;margin-bottom:.5rem}
.choice{display:flex;gap:.6rem;align-items:center;padding:.6rem .75rem;border:1px solid #d1d5db;border-radius:.4rem;margin:.4rem 0;font-weight:400}
.choice input{margin:0}
button,.button{display:inline-block;margin-top:1.25rem;padding:.6rem 1.2rem;border:0;border-radius:.4rem;background:var(--primary);color:#fff;font:inherit;font-weight:600;cursor:pointer;text-decoration:none}
.secondary{background:#fff;color:#1b1f24;border:1px solid #6b7280}
dl.values{display:grid;grid-template-columns:max-content 1fr;gap:.4rem 1rem;margin:0}
dl.values dt{font-weight:600}
dl.values dd{margin:0;font-family:ui-monospace,monospace;font-size:.85rem;word-break:break-all}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e5e7eb;vertical-align:top;word-break:break-all}
.actions{display:flex;gap:.75rem;flex-wrap:wrap;align-items:center}
.ref{color:#4b5563;font-size:.8rem;margin-top:1.5rem}
`;

/** How the profile brands the wizard: its logo and primary colour, checked before use. */
export interface WizardBranding extends Pick<PageBranding, 'logoUrl' | 'primaryColor'> {
  /** Whose setup this is: the profile's name. */
  vendor?: string;
}

/** The frame of every wizard page: no script, one stylesheet of our own, the profile's branding. */
export function wizardLayout(title: string, body: SafeHtml, branding: WizardBranding): string {
  const primary = branding.primaryColor && COLOR.test(branding.primaryColor) ? branding.primaryColor : '#1d4ed8';
  const logo = branding.logoUrl && /^https:\/\//.test(branding.logoUrl) ? branding.logoUrl : undefined;
  return `<!DOCTYPE html>${html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title} · Single sign-on setup</title>
<style>:root{--primary:${primary}}</style>
<link rel="stylesheet" href="/self-service/assets/wizard.css">
</head>
<body>
<main>
${logo ? html`<img class="logo" src="${logo}" alt="${branding.vendor ?? 'Vendor'} logo">` : ''}
${body}
</main>
</body>
</html>`}`;
}
