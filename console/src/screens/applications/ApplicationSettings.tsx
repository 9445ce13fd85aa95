import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { del, patch } from '../../api/client';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { ErrorNotice, StatusNotice } from '../../ui/feedback';
import { SelectField, TextAreaField, TextField } from '../../ui/fields';
import { fieldError, formLevelError, useAction } from '../../ui/hooks';
import { Section } from '../../ui/layout';
import { useApplication } from './application-context';
import { systemRole } from './known-apps';
import { fromLines, toLines } from './url-lines';
import { APP_TYPES, type AppType, type Client } from './types';

const FIELDS = ['name', 'description', 'app_type', 'callbacks', 'allowed_logout_urls', 'web_origins'];

export default function ApplicationSettings() {
  const { client } = useApplication();
  return (
    <>
      <Section title="Basic information">
        <SettingsForm key={client.client_id} client={client} />
      </Section>
      <DeleteApplication client={client} />
    </>
  );
}

function SettingsForm({ client }: { client: Client }) {
  const { reload } = useApplication();
  const [name, setName] = useState(client.name);
  const [description, setDescription] = useState(client.description ?? '');
  const [appType, setAppType] = useState<AppType | ''>(client.app_type ?? '');
  const [callbacks, setCallbacks] = useState(toLines(client.callbacks));
  const [logoutUrls, setLogoutUrls] = useState(toLines(client.allowed_logout_urls));
  const [origins, setOrigins] = useState(toLines(client.web_origins));
  const [saved, setSaved] = useState(false);
  const save = useAction(() =>
    patch<Client>(`/clients/${encodeURIComponent(client.client_id)}`, {
      name,
      description: description.trim() ? description.trim() : null,
      ...(appType ? { app_type: appType } : {}),
      callbacks: fromLines(callbacks),
      allowed_logout_urls: fromLines(logoutUrls),
      web_origins: fromLines(origins),
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
  const urlHint = (what: string) => `One URL a line. ${what}`;
  return (
    <form className="form" onSubmit={submit} noValidate>
      <ErrorNotice error={formLevelError(save.error, FIELDS)} />
      <StatusNotice>{saved ? 'Settings saved.' : null}</StatusNotice>
      <TextField
        label="Name"
        required
        maxLength={100}
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={fieldError(save.error, 'name')}
      />
      <TextField
        label="Description"
        maxLength={140}
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        error={fieldError(save.error, 'description')}
      />
      <SelectField
        label="Application type"
        value={appType}
        onChange={(e) => setAppType(e.target.value as AppType)}
        error={fieldError(save.error, 'app_type')}
        options={[...(appType ? [] : [{ value: '', label: 'Not set' }]), ...APP_TYPES.map((t) => ({ value: t.value, label: t.label }))]}
      />
      <TextAreaField
        label="Allowed Callback URLs"
        value={callbacks}
        onChange={(e) => setCallbacks(e.target.value)}
        error={fieldError(save.error, 'callbacks')}
        hint={urlHint('After login, users may only be sent back to these exact URLs.')}
      />
      <TextAreaField
        label="Allowed Logout URLs"
        value={logoutUrls}
        onChange={(e) => setLogoutUrls(e.target.value)}
        error={fieldError(save.error, 'allowed_logout_urls')}
        hint={urlHint('Where users may be sent after logging out.')}
      />
      <TextAreaField
        label="Allowed Web Origins"
        value={origins}
        onChange={(e) => setOrigins(e.target.value)}
        error={fieldError(save.error, 'web_origins')}
        hint={urlHint('Origins whose browser scripts may call the token endpoint, e.g. https://app.example.com.')}
      />
      <div className="actions">
        <button type="submit" disabled={save.pending}>
          Save changes
        </button>
      </div>
    </form>
  );
}

function DeleteApplication({ client }: { client: Client }) {
  const navigate = useNavigate();
  const remove = useAction(async () => {
    await del(`/clients/${encodeURIComponent(client.client_id)}`);
    return true;
  });
  const role = systemRole(client);
  return (
    <Section title="Delete application">
      {role ? <p className="notice error">{role.warning}</p> : null}
      <p>Deleting the application also removes its grants to APIs. Users can no longer sign in to it.</p>
      <ErrorNotice error={remove.error} />
      <ConfirmButton
        title={`Delete application ${client.name}?`}
        confirmLabel="Delete application"
        description={
          <>
            {role ? (
              <p>
                <strong>{role.warning}</strong>
              </p>
            ) : null}
            <p>This cannot be undone.</p>
          </>
        }
        onConfirm={async () => {
          if (await remove.run()) navigate('/applications');
        }}
      >
        Delete application
      </ConfirmButton>
    </Section>
  );
}
