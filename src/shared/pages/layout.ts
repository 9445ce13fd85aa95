import { html, type SafeHtml } from './html.js';

/** Organization branding applied to a page: logo, colours, display name. */
export interface PageBranding {
  displayName?: string;
  logoUrl?: string;
  primaryColor?: string;
  pageBackground?: string;
}

const COLOR = /^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;

const STYLES = `
*{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:#1b1f24;display:flex;min-height:100vh;align-items:center;justify-content:center;padding:1rem}
main{background:#fff;width:100%;max-width:24rem;padding:2rem;border-radius:.75rem;box-shadow:0 2px 12px rgba(0,0,0,.12)}
h1{font-size:1.35rem;margin:.25rem 0 1rem;text-align:center}
.logo{display:block;max-height:3.5rem;max-width:10rem;margin:0 auto .75rem}
.org{text-align:center;color:#4b5563;margin:-.5rem 0 1rem}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
input[type=email],input[type=password],input[type=text]{width:100%;padding:.6rem .7rem;border:1px solid #9ca3af;border-radius:.4rem;font:inherit}
input:focus,button:focus,a:focus{outline:3px solid var(--primary);outline-offset:2px}
input[aria-invalid=true]{border-color:#b91c1c}
.field-error{color:#b91c1c;font-size:.9rem;margin:.25rem 0 0}
.alert{background:#fef2f2;border:1px solid #fecaca;color:#7f1d1d;padding:.6rem .75rem;border-radius:.4rem;margin:0 0 1rem}
.notice{background:#eff6ff;border:1px solid #bfdbfe;color:#1e3a8a;padding:.6rem .75rem;border-radius:.4rem;margin:0 0 1rem}
button,.button{display:block;width:100%;margin-top:1.25rem;padding:.65rem;border:0;border-radius:.4rem;background:var(--primary);color:#fff;font:inherit;font-weight:600;cursor:pointer;text-align:center;text-decoration:none}
.secondary{background:#fff;color:#1b1f24;border:1px solid #9ca3af;margin-top:.5rem}
.links{margin-top:1rem;text-align:center;font-size:.95rem}
.links a{color:#1d4ed8}
ul.choices{list-style:none;padding:0;margin:0}
ul.choices li{margin:.5rem 0}
.ref{color:#6b7280;font-size:.8rem;text-align:center;margin-top:1rem}
.qr{display:block;margin:.5rem auto}
ul.codes{columns:2;font-size:1rem;padding-left:1.25rem}
code{font-family:ui-monospace,monospace;word-break:break-all}
`;

/**
 * The page frame shared by every hosted page (login, recovery, logout); branding only from validated
 * values. `scripts`: same-origin script files, loaded deferred in order (the WebAuthn pages).
 */
export function layout(title: string, body: SafeHtml, branding: PageBranding = {}, options: { scripts?: readonly string[] } = {}): string {
  const primary = branding.primaryColor && COLOR.test(branding.primaryColor) ? branding.primaryColor : '#2563eb';
  const background = branding.pageBackground && COLOR.test(branding.pageBackground) ? branding.pageBackground : '#f3f4f6';
  const logo = branding.logoUrl && /^https?:\/\//.test(branding.logoUrl) ? branding.logoUrl : undefined;
  return `<!DOCTYPE html>${html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}${branding.displayName ? ` · ${branding.displayName}` : ''}</title>
<style>:root{--primary:${primary};--bg:${background}}</style>
<link rel="stylesheet" href="/login/assets/login.css">
${(options.scripts ?? []).map((src) => html`<script src="${src}" defer></script>`)}
</head>
<body>
<main>
${logo ? html`<img class="logo" src="${logo}" alt="${branding.displayName ?? ''} logo">` : ''}
${body}
</main>
</body>
</html>`}`;
}

export const LOGIN_CSS = STYLES;
