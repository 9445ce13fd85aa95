/** HTML-escapes text for element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** What an email shows of the organization it is sent for; empty = neutral Gatehouse look. */
export interface EmailBranding {
  displayName?: string;
  logoUrl?: string;
  primaryColor?: string;
}

/** A finished email: subject line, HTML and plain-text bodies. */
export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

const COLOR = /^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;

/**
 * The frame of every email: table layout and inline styles (mail clients ignore <style> and CSS
 * variables). Branding values are used only once validated: a colour must be hex, a logo https.
 * `paragraphs` are plain text (escaped here); the button links to `action.href`.
 */
export function frame(input: {
  title: string;
  paragraphs: string[];
  /** The button; an email without a link (a one-time code) has none. */
  action?: { label: string; href: string };
  /** A code to type, shown large under the paragraphs. */
  code?: string;
  footnote: string;
  branding: EmailBranding;
}): string {
  const { branding } = input;
  const primary = branding.primaryColor && COLOR.test(branding.primaryColor) ? branding.primaryColor : '#2563eb';
  const logo = branding.logoUrl && /^https:\/\//.test(branding.logoUrl) ? branding.logoUrl : undefined;
  const href = input.action ? escapeHtml(input.action.href) : undefined;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(input.title)}</title></head>
<body style="margin:0;padding:24px;background:#f3f4f6;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1b1f24">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:480px;background:#ffffff;border-radius:12px;border-top:4px solid ${primary}">
<tr><td style="padding:32px">
${logo ? `<img src="${escapeHtml(logo)}" alt="${escapeHtml(branding.displayName ?? '')} logo" style="display:block;max-height:56px;max-width:160px;margin:0 auto 16px">` : ''}
${branding.displayName ? `<p style="margin:0 0 8px;text-align:center;color:#4b5563">${escapeHtml(branding.displayName)}</p>` : ''}
<h1 style="margin:0 0 16px;font-size:22px;text-align:center">${escapeHtml(input.title)}</h1>
${input.paragraphs.map((p) => `<p style="margin:0 0 16px;line-height:1.5">${escapeHtml(p)}</p>`).join('\n')}
${input.code ? `<p style="margin:24px 0;text-align:center;font-size:32px;font-weight:700;letter-spacing:8px;font-family:ui-monospace,Menlo,Consolas,monospace">${escapeHtml(input.code)}</p>` : ''}
${
  input.action
    ? `<p style="margin:24px 0;text-align:center"><a href="${href}" style="display:inline-block;padding:12px 20px;background:${primary};color:#ffffff;border-radius:6px;text-decoration:none;font-weight:600">${escapeHtml(input.action.label)}</a></p>
<p style="margin:0 0 8px;font-size:13px;color:#6b7280">If the button does not work, copy this link into your browser:<br><a href="${href}" style="color:#1d4ed8;word-break:break-all">${href}</a></p>`
    : ''
}
<p style="margin:16px 0 0;font-size:13px;color:#6b7280">${escapeHtml(input.footnote)}</p>
</td></tr></table>
</td></tr></table>
</body></html>`;
}

/** The plain-text twin of `frame`. */
export function plainText(input: Parameters<typeof frame>[0]): string {
  return [
    ...(input.branding.displayName ? [input.branding.displayName, ''] : []),
    input.title,
    '',
    ...input.paragraphs.flatMap((p) => [p, '']),
    ...(input.code ? [input.code, ''] : []),
    ...(input.action ? [`${input.action.label}: ${input.action.href}`, ''] : []),
    input.footnote,
    '',
  ].join('\n');
}

/** Both bodies from one content description. */
export function render(subject: string, content: Parameters<typeof frame>[0]): RenderedEmail {
  return { subject, html: frame(content), text: plainText(content) };
}
