import { useState, type FormEvent } from 'react';
import { patch } from '../../api/client';
import { ErrorNotice, StatusNotice } from '../../ui/feedback';
import { SelectField } from '../../ui/fields';
import { fieldError, formLevelError, useAction } from '../../ui/hooks';
import { Section } from '../../ui/layout';
import { useApplication } from './application-context';
import type { Client, OrganizationUsage, RequireBehavior } from './types';

const FIELDS = ['organization_usage', 'organization_require_behavior'];

const USAGES: { value: OrganizationUsage; label: string }[] = [
  { value: 'deny', label: 'Individuals — users log in without an organization' },
  { value: 'allow', label: 'Individuals and business users — an organization is optional' },
  { value: 'require', label: 'Business users — users must log in to an organization' },
];

const BEHAVIORS: { value: RequireBehavior; label: string }[] = [
  { value: 'no_prompt', label: 'No prompt — the application sends the organization itself' },
  { value: 'pre_login_prompt', label: 'Prompt for organization — users name their organization first' },
  { value: 'post_login_prompt', label: 'Prompt for credentials — users log in, then pick one of their organizations' },
];

/** Auth0's "Organizations" tab: who logs in (organization_usage) and how the organization is chosen. */
export default function ApplicationOrganizations() {
  const { client } = useApplication();
  return (
    <Section title="Organizations">
      <OrganizationsForm key={client.client_id} client={client} />
    </Section>
  );
}

function OrganizationsForm({ client }: { client: Client }) {
  const { reload } = useApplication();
  const [usage, setUsage] = useState(client.organization_usage);
  const [behavior, setBehavior] = useState(client.organization_require_behavior);
  const [saved, setSaved] = useState(false);
  const requireOrg = usage === 'require';
  // The login flow only applies when an organization is required; otherwise the stored value is left alone.
  const save = useAction(() =>
    patch<Client>(`/clients/${encodeURIComponent(client.client_id)}`, {
      organization_usage: usage,
      ...(requireOrg ? { organization_require_behavior: behavior } : {}),
    }),
  );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    if (await save.run()) {
      setSaved(true);
      reload();
    }
  };
  return (
    <form className="form" onSubmit={submit} noValidate>
      <ErrorNotice error={formLevelError(save.error, FIELDS)} />
      <StatusNotice>{saved ? 'Organization settings saved.' : null}</StatusNotice>
      <SelectField
        label="Type of users"
        value={usage}
        onChange={(e) => setUsage(e.target.value as OrganizationUsage)}
        error={fieldError(save.error, 'organization_usage')}
        options={USAGES}
        hint="Who logs in to this application: people on their own, members of your business customers' organizations, or both."
      />
      <SelectField
        label="Login flow"
        value={behavior}
        onChange={(e) => setBehavior(e.target.value as RequireBehavior)}
        disabled={!requireOrg}
        error={fieldError(save.error, 'organization_require_behavior')}
        options={BEHAVIORS}
        hint={
          requireOrg
            ? 'How the login page finds the organization when the application does not send one.'
            : 'Only applies when users must log in to an organization (Business users).'
        }
      />
      <div className="actions">
        <button type="submit" disabled={save.pending}>
          Save organization settings
        </button>
      </div>
    </form>
  );
}
