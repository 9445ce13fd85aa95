import { useState, type FormEvent } from 'react';
import { CheckboxField } from '../ui/fields';
import { Empty, ErrorNotice, Loading, StatusNotice } from '../ui/feedback';
import { useAction, useLoad } from '../ui/hooks';
import { PageHeader, Section } from '../ui/layout';
import { myOrg, type IdentityProvider } from './api';
import { hasScope } from './session';

const LEVEL: Record<IdentityProvider['access_level'], string> = {
  none: 'Not visible',
  readonly: 'Read-only',
  limited: 'Limited',
  full: 'Full',
};

/** The settings an organization admin may change with access level `limited` (and `full`). */
const SETTINGS = [
  { key: 'is_enabled', label: 'Enabled for this organization' },
  { key: 'show_as_button', label: 'Show as a button on the login page' },
  { key: 'assign_membership_on_login', label: 'Make people who sign in with it members' },
] as const;

type Settings = Pick<IdentityProvider, (typeof SETTINGS)[number]['key']>;

const label = (idp: IdentityProvider) => idp.display_name ?? idp.name;

/**
 * The organization's identity providers within each one's access level: a `readonly` one is shown,
 * not editable; `limited` and `full` ones have their login settings editable here. The API never
 * lists a `none` one with its settings, and the portal shows none at all.
 */
export function IdentityProvidersScreen() {
  const idps = useLoad('idps', () =>
    myOrg<{ identity_providers: IdentityProvider[] }>('GET', '/identity-providers').then((b) =>
      b.identity_providers.filter((i) => i.access_level !== 'none'),
    ),
  );
  return (
    <>
      <PageHeader
        title="Identity providers"
        description="The single sign-on connections of your organization. What you may change depends on the access your provider gave you."
      />
      <ErrorNotice error={idps.error} />
      {idps.loading && !idps.data ? <Loading /> : null}
      {idps.data?.length === 0 ? <Empty>No identity providers yet.</Empty> : null}
      {idps.data?.map((idp) => (
        <IdentityProviderCard key={idp.id} idp={idp} onSaved={idps.reload} />
      ))}
    </>
  );
}

function IdentityProviderCard({ idp, onSaved }: { idp: IdentityProvider; onSaved(): void }) {
  const editable = (idp.access_level === 'limited' || idp.access_level === 'full') && hasScope('update:my_org:identity_providers');
  const [values, setValues] = useState<Settings>({
    is_enabled: idp.is_enabled,
    show_as_button: idp.show_as_button,
    assign_membership_on_login: idp.assign_membership_on_login,
  });
  const [status, setStatus] = useState('');
  const save = useAction(() => myOrg<IdentityProvider>('PATCH', `/identity-providers/${encodeURIComponent(idp.id)}`, values));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setStatus('');
    if (await save.run()) {
      setStatus(`${label(idp)} saved.`);
      onSaved();
    }
  };
  return (
    <Section title={label(idp)}>
      <p>
        <span className="badge">{idp.strategy}</span> Access: <strong>{LEVEL[idp.access_level]}</strong>
        {idp.domains.length ? <> · Domains: {idp.domains.join(', ')}</> : null}
      </p>
      {editable ? (
        <form onSubmit={submit} aria-label={`Settings of ${label(idp)}`}>
          <StatusNotice>{status || null}</StatusNotice>
          <ErrorNotice error={save.error} />
          {SETTINGS.map((s) => (
            <CheckboxField
              key={s.key}
              label={s.label}
              checked={values[s.key]}
              onChange={(e) => setValues({ ...values, [s.key]: e.target.checked })}
            />
          ))}
          <div className="actions">
            <button type="submit" disabled={save.pending}>
              Save {label(idp)}
            </button>
          </div>
        </form>
      ) : (
        <dl className="facts" aria-label={`Settings of ${label(idp)} (read-only)`}>
          {SETTINGS.map((s) => (
            <div key={s.key}>
              <dt>{s.label}</dt>
              <dd>{idp[s.key] ? 'Yes' : 'No'}</dd>
            </div>
          ))}
        </dl>
      )}
    </Section>
  );
}
