import { type EmailBranding, type RenderedEmail, render } from './frame.js';

/** "<inviter> invited you to join <organization>": the invitation_url and when it expires. */
export function invitationEmail(input: {
  link: string;
  inviterName: string;
  organizationName: string;
  applicationName?: string;
  expiresAt: Date;
  branding: EmailBranding;
}): RenderedEmail {
  const expires = input.expiresAt.toUTCString().replace(/:\d\d GMT$/, ' UTC');
  return render(`${input.inviterName} invited you to join ${input.organizationName}`, {
    title: `Join ${input.organizationName}`,
    paragraphs: [
      `${input.inviterName} invited you to join ${input.organizationName}${input.applicationName ? ` on ${input.applicationName}` : ''}.`,
      `Accept the invitation with the link below before ${expires}.`,
    ],
    action: { label: 'Accept the invitation', href: input.link },
    footnote: 'If you were not expecting this invitation, ignore this email.',
    branding: input.branding,
  });
}
