import { type EmailBranding, type RenderedEmail, render } from './frame.js';

/** "Your verification code": the emailed second factor, valid a few minutes, for one sign-in. */
export function mfaCodeEmail(input: { code: string; minutes: number; branding: EmailBranding }): RenderedEmail {
  const where = input.branding.displayName ? ` to ${input.branding.displayName}` : '';
  return render('Your verification code', {
    title: 'Your verification code',
    paragraphs: [`Enter this code to finish signing in${where}. It works once, within ${input.minutes} minutes.`],
    code: input.code,
    footnote: 'If you are not signing in right now, someone may know your password: change it, and do not share this code.',
    branding: input.branding,
  });
}
