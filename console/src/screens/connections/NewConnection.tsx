import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { post } from '../../api/client';
import { TextField } from '../../ui/fields';
import { ErrorNotice } from '../../ui/feedback';
import { fieldError, formLevelError, useAction } from '../../ui/hooks';
import { PageHeader, type Crumb } from '../../ui/layout';
import { ConnectionFields, FORM_FIELDS } from './ConnectionFields';
import { emptyDraft, optionsOf, type ConnectionDraft } from './connection-draft';
import { CONNECTION_TYPES, type Connection } from './types';
import './connections.css';

/**
 * `/connections/new`: choose a type, then its settings. With `?organization=<id>` the connection
 * belongs to that organization (Kinde's organization-owned connection) and the console returns to
 * the organization's Authentication tab; a SAML connection first shows what the IT admin needs.
 */
export default function NewConnection() {
  const [params] = useSearchParams();
  const organization = params.get('organization') ?? undefined;
  const navigate = useNavigate();
  const [strategy, setStrategy] = useState<string>(organization ? 'samlp' : 'auth0');
  const [draft, setDraft] = useState<ConnectionDraft>(emptyDraft);
  const change = (patch: Partial<ConnectionDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const create = useAction(() =>
    post<Connection>('/connections', {
      name: draft.name.trim(),
      strategy,
      ...(draft.display_name.trim() ? { display_name: draft.display_name.trim() } : {}),
      options: optionsOf(strategy, draft),
      ...(organization ? { organization_id: organization } : {}),
    }),
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const created = await create.run();
    if (!created) return;
    if (created.strategy === 'samlp') navigate(`/connections/${created.id}?created=1`);
    else if (organization) navigate(`/organizations/${organization}/authentication`);
    else navigate(`/connections/${created.id}`);
  };

  const crumbs: Crumb[] = organization
    ? [
        { label: 'Organizations', to: '/organizations' },
        { label: 'Authentication', to: `/organizations/${organization}/authentication` },
      ]
    : [{ label: 'Connections', to: '/connections' }];
  return (
    <>
      <PageHeader
        title="Create connection"
        crumbs={crumbs}
        description={organization ? 'This connection belongs to the organization: only its members sign in with it.' : undefined}
      />
      <form className="form" onSubmit={submit} noValidate>
        <ErrorNotice error={formLevelError(create.error, FORM_FIELDS)} />
        <fieldset>
          <legend>Type</legend>
          <div className="type-choices">
            {CONNECTION_TYPES.map((t) => (
              <label key={t.strategy} className="type-choice">
                <input
                  type="radio"
                  name="strategy"
                  value={t.strategy}
                  checked={strategy === t.strategy}
                  onChange={() => {
                    setStrategy(t.strategy);
                    create.reset();
                  }}
                />
                <span>
                  <strong>{t.label}</strong>
                  <span className="hint">{t.hint}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <TextField
          label="Name"
          required
          value={draft.name}
          onChange={(e) => change({ name: e.target.value })}
          autoComplete="off"
          hint="Letters, digits and hyphens; fixed once created."
          error={fieldError(create.error, 'name')}
        />
        <TextField
          label="Display name"
          value={draft.display_name}
          onChange={(e) => change({ display_name: e.target.value })}
          hint="Shown on the login button."
          error={fieldError(create.error, 'display_name')}
        />
        <ConnectionFields strategy={strategy} draft={draft} onChange={change} error={create.error} />
        {fieldError(create.error, 'organization_id') ? <p className="field-error">{fieldError(create.error, 'organization_id')}</p> : null}
        <div className="actions">
          <button type="submit" disabled={create.pending}>
            {create.pending ? 'Creating…' : 'Create connection'}
          </button>
        </div>
      </form>
    </>
  );
}
