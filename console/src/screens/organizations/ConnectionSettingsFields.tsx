import { CheckboxField, SelectField, TextField } from '../../ui/fields';
import { fieldError } from '../../ui/hooks';
import { change, isEnterprise, signupBlocked, type ConnectionSettings } from './connection-rules';
import type { AccessLevel } from './types';

const ACCESS_LEVELS: { value: AccessLevel; label: string }[] = [
  { value: 'none', label: 'None' },
  { value: 'readonly', label: 'Read only' },
  { value: 'limited', label: 'Limited' },
  { value: 'full', label: 'Full' },
];

/** An organization's settings for one connection; impossible choices are disabled and say why. */
export function ConnectionSettingsFields({
  strategy,
  value,
  onChange,
  error,
}: {
  strategy: string;
  value: ConnectionSettings;
  onChange(value: ConnectionSettings): void;
  error?: Error;
}) {
  const set = (patch: Partial<ConnectionSettings>) => onChange(change(strategy, value, patch));
  const blocked = signupBlocked(strategy, value);
  return (
    <>
      <CheckboxField
        label="Enabled"
        role="switch"
        checked={value.is_enabled}
        onChange={(e) => set({ is_enabled: e.target.checked })}
        hint="A disabled connection keeps its settings but cannot be used to log in to this organization."
        error={fieldError(error, 'is_enabled')}
      />
      <CheckboxField
        label="Membership On Authentication"
        checked={value.assign_membership_on_login}
        onChange={(e) => set({ assign_membership_on_login: e.target.checked })}
        hint="Users who authenticate with this connection become members of the organization the first time."
        error={fieldError(error, 'assign_membership_on_login')}
      />
      <CheckboxField
        label="Organization signup"
        checked={value.is_signup_enabled}
        disabled={blocked !== undefined}
        onChange={(e) => set({ is_signup_enabled: e.target.checked })}
        hint={blocked ?? 'Shows a signup link on the login prompt; new users join the organization.'}
        error={fieldError(error, 'is_signup_enabled')}
      />
      <CheckboxField
        label="Display connection as a button"
        checked={value.show_as_button}
        disabled={!isEnterprise(strategy)}
        onChange={(e) => set({ show_as_button: e.target.checked })}
        hint={
          isEnterprise(strategy)
            ? 'Shows the connection as a button on the organization login prompt.'
            : 'For enterprise connections only (SAML, OIDC, Okta, Microsoft Entra ID).'
        }
        error={fieldError(error, 'show_as_button')}
      />
      <SelectField
        label="Organization admin access level"
        options={ACCESS_LEVELS}
        value={value.organization_access_level}
        onChange={(e) => set({ organization_access_level: e.target.value as AccessLevel })}
        hint="What the organization's own administrators may see and change of this connection."
        error={fieldError(error, 'organization_access_level')}
      />
      <TextField
        label="Organization connection name"
        value={value.organization_connection_name}
        maxLength={128}
        onChange={(e) => set({ organization_connection_name: e.target.value })}
        hint="Optional: the connection's name as this organization knows it."
        error={fieldError(error, 'organization_connection_name')}
      />
    </>
  );
}
