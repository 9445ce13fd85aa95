import type { Branding } from './types';

const HEX = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;
const DEFAULT_PRIMARY = '#1d4ed8';
const DEFAULT_BACKGROUND = '#f4f6f9';

function rgb(hex: string): [number, number, number] {
  const h =
    hex.length === 4
      ? hex
          .slice(1)
          .split('')
          .map((c) => c + c)
          .join('')
      : hex.slice(1);
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
}

/** Black or white, whichever reads better on `hex` (WCAG relative luminance). */
export function inkOn(hex: string): string {
  const [r, g, b] = rgb(hex).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) ? '#000000' : '#ffffff';
}

/**
 * A small mock of the hosted login card styled with the branding being edited, so the effect of
 * a colour or logo is visible before saving. Values that are not (yet) valid fall back to defaults.
 */
export function LoginPreview({ branding, title }: { branding: Branding; title: string }) {
  const primary = HEX.test(branding.colors?.primary ?? '') ? branding.colors!.primary! : DEFAULT_PRIMARY;
  const background = HEX.test(branding.colors?.page_background ?? '') ? branding.colors!.page_background! : DEFAULT_BACKGROUND;
  const logo = /^https?:\/\/\S+$/.test(branding.logo_url ?? '') ? branding.logo_url : undefined;
  return (
    <figure className="login-preview" data-testid="login-preview">
      <figcaption>Login page preview</figcaption>
      <div className="login-preview-page" style={{ background }} data-background={background}>
        <div className="login-preview-card">
          {logo ? (
            <img src={logo} alt="" className="login-preview-logo" />
          ) : (
            <span className="login-preview-logo placeholder" aria-hidden="true" />
          )}
          <p className="login-preview-title">Log in to {title}</p>
          <span className="login-preview-input">Email address</span>
          <span className="login-preview-button" style={{ background: primary, color: inkOn(primary) }} data-primary={primary}>
            Continue
          </span>
        </div>
      </div>
    </figure>
  );
}
