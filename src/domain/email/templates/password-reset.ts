import { type EmailBranding, type RenderedEmail, render } from './frame.js';

/** "Reset your password": the one-hour, single-use link to choose a new password. */
export function passwordResetEmail(input: { link: string; email: string; branding: EmailBranding }): RenderedEmail {
  const where = input.branding.displayName ? ` for ${input.branding.displayName}` : '';
  return render('Reset your password', {
    title: 'Reset your password',
    paragraphs: [
      `Someone asked to reset the password of the account ${input.email}${where}.`,
      'Choose a new password with the link below. It works once, within one hour.',
    ],
    action: { label: 'Choose a new password', href: input.link },
    footnote: 'If you did not ask for this, ignore this email: your password stays as it is.',
    branding: input.branding,
  });
}
