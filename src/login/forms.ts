import { Type } from 'typebox';

/**
 * The bodies the login's forms post, as route schemas: each field a bounded string, optional so
 * that a field left out is the page's own error (an empty email is "Enter a valid email address")
 * rather than a schema refusal. The rules themselves live in the domain (the email rule in
 * domain/users/email-address.ts, the password rules in the connection's policy); the bounds here
 * only keep oversized input from reaching them. `_csrf` is checked by the plugin's `step`.
 */
const Csrf = Type.Optional(Type.String({ maxLength: 128 }));
const Text = (maxLength: number) => Type.Optional(Type.String({ maxLength }));

/** The organization prompt: a name, or a work email for organization discovery. */
export const OrganizationNameForm = Type.Object({ _csrf: Csrf, organization_name: Text(1024) });

/** A choice among organizations (post-login picker, or the ones discovered by domain). */
export const OrganizationChoiceForm = Type.Object({ _csrf: Csrf, organization: Text(64) });

/** Identifier first. */
export const IdentifierForm = Type.Object({ _csrf: Csrf, email: Text(1024) });

export const PasswordForm = Type.Object({ _csrf: Csrf, password: Text(1024) });

export const SignupForm = Type.Object({ _csrf: Csrf, email: Text(1024), password: Text(1024) });

/** A form that posts nothing but its CSRF token (cancel, "email me a code"). */
export const EmptyForm = Type.Object({ _csrf: Csrf });
