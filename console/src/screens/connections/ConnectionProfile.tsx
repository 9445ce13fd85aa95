import { useEffect, useState, type FormEvent } from 'react';
import { del, get, patch, post } from '../../api/client';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { CheckboxField, TextField } from '../../ui/fields';
import { ErrorNotice, Loading, StatusNotice } from '../../ui/feedback';
import { fieldError, formLevelError, useAction, useLoad } from '../../ui/hooks';
import { PageHeader } from '../../ui/layout';
import { strategyLabel } from './types';

type Strategies = Record<string, string[]>;
interface Profile {
  id: string;
  name: string;
  gatehouse_strategies: Strategies;
}
interface Template {
  id: string;
  template: { name: string; gatehouse_strategies: Strategies };
}

async function loadProfile(): Promise<{ profile?: Profile; all: Strategies; defaultName: string }> {
  const [{ connection_profiles }, { connection_profile_templates }] = await Promise.all([
    get<{ connection_profiles: Profile[] }>('/connection-profiles'),
    get<{ connection_profile_templates: Template[] }>('/connection-profiles/templates'),
  ]);
  const template = connection_profile_templates[0].template;
  return { profile: connection_profiles[0], all: template.gatehouse_strategies, defaultName: template.name };
}

/**
 * The tenant's connection profile: which identity providers customers' organization admins may
 * create through the My Organization API (and the portal), and which of their settings they may set.
 */
export default function ConnectionProfile() {
  const loaded = useLoad('connection-profile', loadProfile);
  return (
    <>
      <PageHeader
        title="Connection profile"
        crumbs={[{ label: 'Connections', to: '/connections' }, { label: 'Connection profile' }]}
        description="What your customers' organization administrators may set up themselves: the identity provider types they may create, and the settings of each they may change on a connection with full access."
      />
      <ErrorNotice error={loaded.error} />
      {loaded.loading && !loaded.data ? <Loading /> : null}
      {loaded.data ? <ProfileForm {...loaded.data} onSaved={loaded.reload} /> : null}
    </>
  );
}

function ProfileForm({ profile, all, defaultName, onSaved }: { profile?: Profile; all: Strategies; defaultName: string; onSaved(): void }) {
  const [name, setName] = useState(profile?.name ?? defaultName);
  const [chosen, setChosen] = useState<Strategies>(profile?.gatehouse_strategies ?? all);
  const [status, setStatus] = useState('');
  useEffect(() => setChosen(profile?.gatehouse_strategies ?? all), [profile, all]);
  const save = useAction(() => {
    const body = { name, gatehouse_strategies: chosen };
    return profile ? patch<Profile>(`/connection-profiles/${profile.id}`, body) : post<Profile>('/connection-profiles', body);
  });
  const reset = useAction(async () => {
    if (profile) await del(`/connection-profiles/${profile.id}`);
    return true;
  });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setStatus('');
    if (await save.run()) {
      setStatus('Connection profile saved.');
      onSaved();
    }
  };
  const toggleStrategy = (strategy: string, on: boolean) => {
    const next = { ...chosen };
    if (on) next[strategy] = [];
    else delete next[strategy];
    setChosen(next);
  };
  const toggleOption = (strategy: string, option: string, on: boolean) =>
    setChosen({ ...chosen, [strategy]: on ? [...chosen[strategy], option] : chosen[strategy].filter((o) => o !== option) });
  return (
    <form className="section" onSubmit={submit} aria-label="Connection profile" noValidate>
      <StatusNotice>{status || null}</StatusNotice>
      <ErrorNotice error={formLevelError(save.error ?? reset.error, ['name'])} />
      {profile ? null : <p className="hint">No profile saved yet: the built-in default (everything below) applies.</p>}
      <div className="form">
        <TextField label="Name" required value={name} onChange={(e) => setName(e.target.value)} error={fieldError(save.error, 'name')} />
        {Object.entries(all).map(([strategy, options]) => (
          <fieldset key={strategy}>
            <legend>{strategyLabel(strategy)}</legend>
            <CheckboxField
              label={`Organizations may create ${strategyLabel(strategy)} identity providers`}
              checked={strategy in chosen}
              onChange={(e) => toggleStrategy(strategy, e.target.checked)}
            />
            {strategy in chosen
              ? options.map((option) => (
                  <CheckboxField
                    key={option}
                    label={<code>{option}</code>}
                    aria-label={`${strategyLabel(strategy)}: ${option}`}
                    checked={chosen[strategy].includes(option)}
                    onChange={(e) => toggleOption(strategy, option, e.target.checked)}
                  />
                ))
              : null}
          </fieldset>
        ))}
        <div className="actions">
          <button type="submit" disabled={save.pending}>
            Save connection profile
          </button>
          {profile ? (
            <ConfirmButton
              className="secondary"
              title="Go back to the default profile?"
              confirmLabel="Use the default"
              description="Organization administrators may then create every identity provider type and set every option."
              onConfirm={async () => {
                setStatus('');
                if (await reset.run()) {
                  setStatus('The default connection profile applies again.');
                  onSaved();
                }
              }}
            >
              Use the default
            </ConfirmButton>
          ) : null}
        </div>
      </div>
    </form>
  );
}
