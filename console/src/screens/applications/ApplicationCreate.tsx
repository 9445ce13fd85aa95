import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { post } from '../../api/client';
import { ErrorNotice } from '../../ui/feedback';
import { TextAreaField, TextField } from '../../ui/fields';
import { fieldError, formLevelError, useAction } from '../../ui/hooks';
import { FormActions, PageHeader } from '../../ui/layout';
import { holdSecret } from './one-time-secret';
import { fromLines } from './url-lines';
import { APP_TYPES, type AppType, type ClientWithSecret } from './types';

const FIELDS = ['name', 'app_type', 'callbacks'];

export default function ApplicationCreate() {
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [appType, setAppType] = useState<AppType>('regular_web');
  const [callbacks, setCallbacks] = useState('');
  const interactive = appType !== 'non_interactive';
  const create = useAction(() =>
    post<ClientWithSecret>('/clients', {
      name,
      app_type: appType,
      ...(interactive ? { callbacks: fromLines(callbacks) } : {}),
    }),
  );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const created = await create.run();
    if (!created) return;
    // Public clients (SPA, native) never use their secret; only a confidential one is worth showing.
    const confidential = created.token_endpoint_auth_method !== 'none';
    if (confidential && created.client_secret) holdSecret(created.client_id, created.client_secret);
    navigate(`/applications/${encodeURIComponent(created.client_id)}${confidential ? '/credentials' : ''}`);
  };
  const typeError = fieldError(create.error, 'app_type');
  return (
    <>
      <PageHeader title="Create application" crumbs={[{ label: 'Applications', to: '/applications' }, { label: 'Create application' }]} />
      <form className="form" onSubmit={submit} noValidate>
        <ErrorNotice error={formLevelError(create.error, FIELDS)} />
        <TextField
          label="Name"
          required
          maxLength={100}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={fieldError(create.error, 'name')}
          hint="Users may see it on the login and consent pages."
        />
        <fieldset aria-describedby={typeError ? 'app-type-error' : undefined}>
          <legend>Application type</legend>
          {APP_TYPES.map((t) => (
            <div className="field checkbox" key={t.value}>
              <input
                type="radio"
                id={`app-type-${t.value}`}
                name="app_type"
                value={t.value}
                checked={appType === t.value}
                onChange={() => setAppType(t.value)}
                aria-describedby={`app-type-${t.value}-hint`}
              />
              <label htmlFor={`app-type-${t.value}`}>{t.label}</label>
              <p className="hint" id={`app-type-${t.value}-hint`}>
                {t.hint}
              </p>
            </div>
          ))}
          {typeError ? (
            <p className="field-error" id="app-type-error">
              {typeError}
            </p>
          ) : null}
        </fieldset>
        {interactive ? (
          <TextAreaField
            label="Allowed Callback URLs"
            value={callbacks}
            onChange={(e) => setCallbacks(e.target.value)}
            error={fieldError(create.error, 'callbacks')}
            hint="One URL a line. After login, users may only be sent back to these exact URLs."
          />
        ) : null}
        <FormActions submit="Create application" pending={create.pending} cancelTo="/applications" />
      </form>
    </>
  );
}
