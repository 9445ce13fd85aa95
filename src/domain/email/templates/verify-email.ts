import { type EmailBranding, type RenderedEmail, render } from './frame.js';

/** "Verify your email address": the seven-day link that marks the address verified. */
export function verifyEmailEmail(input: { link: string; email: string; branding: EmailBranding }): RenderedEmail {
  const where = input.branding.displayName ? ` with ${input.branding.displayName}` : '';
  return render('Verify your email address', {
    title: 'Verify your email address',
    paragraphs: [`Confirm that ${input.email} is your email address${where}.`, 'The link below works once, within seven days.'],
    action: { label: 'Verify my email address', href: input.link },
    footnote: 'If you did not create an account, ignore this email.',
    branding: input.branding,
  });
}
