import { useState, type FormEvent } from 'react';
import { Link, useOutletContext } from 'react-router';
import { del, getAll, patch, post } from '../../api/client';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { SelectField } from '../../ui/fields';
import { Empty, ErrorNotice, Loading, StatusNotice } from '../../ui/feedback';
import { formLevelError, useAction, useLoad } from '../../ui/hooks';
import { Section } from '../../ui/layout';
import { body, change, type ConnectionSettings } from './connection-rules';
import { ConnectionSettingsFields } from './ConnectionSettingsFields';
import type { Connection, OrganizationConnection, OrganizationContext } from './types';

const SETTING_FIELDS = [
  'connection_id',
  'is_enabled',
  'assign_membership_on_login',
  'is_signup_enabled',
  'show_as_button',
  'organization_access_level',
  'organization_connection_name',
];
const DEFAULTS: ConnectionSettings = {
  is_enabled: true,
  assign_membership_on_login: false,
  is_signup_enabled: false,
  show_as_button: true,
  organization_access_level: 'none',
  organization_connection_name: '',
};

function settingsOf(c: OrganizationConnection): ConnectionSettings {
  return {
    is_enabled: c.is_enabled,
    assign_membership_on_login: c.assign_membership_on_login,
    is_signup_enabled: c.is_signup_enabled,
    show_as_button: c.show_as_button ?? false,
    organization_access_level: c.organization_access_level,
    organization_connection_name: c.organization_connection_name ?? '',
  };
}

export default function AuthenticationTab() {
  const { organization: org } = useOutletContext<OrganizationContext>();
  const enabled = useLoad(`org-connections:${org.id}`, () =>
    getAll<OrganizationConnection>(`/organizations/${org.id}/enabled_connections`, 'enabled_connections'),
  );
  return (
    <>
      <Section
        title="Connections"
        actions={
          <Link className="button secondary" to={`/connections/new?organization=${org.id}`}>
            Create connection
          </Link>
        }
      >
        <p className="hint">The ways members log in to this organization. A connection created here belongs to the organization alone.</p>
        <ErrorNotice error={enabled.error} />
        {enabled.loading && !enabled.data ? <Loading /> : null}
        {enabled.data?.length === 0 ? <Empty>No connection is enabled for this organization yet.</Empty> : null}
      </Section>
      {enabled.data?.map((c) => (
        <EnabledConnection key={c.connection_id} organizationId={org.id} connection={c} onChange={enabled.reload} />
      ))}
      {enabled.data ? (
        <EnableConnection organizationId={org.id} enabledIds={enabled.data.map((c) => c.connection_id)} onEnabled={enabled.reload} />
      ) : null}
    </>
  );
}

function EnabledConnection({
  organizationId,
  connection,
  onChange,
}: {
  organizationId: string;
  connection: OrganizationConnection;
  onChange(): void;
}) {
  const { strategy, name } = connection.connection;
  const [settings, setSettings] = useState(() => settingsOf(connection));
  // What is stored: the badge follows it, not the form being edited.
  const [stored, setStored] = useState(connection);
  const [saved, setSaved] = useState(false);
  const path = `/organizations/${organizationId}/enabled_connections/${connection.connection_id}`;
  const save = useAction(() => {
    const { organization_connection_name, ...rest } = body(strategy, settings);
    return patch<OrganizationConnection>(path, { ...rest, organization_connection_name: organization_connection_name ?? null });
  });
  const disable = useAction(async () => {
    await del(path);
    return true;
  });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const updated = await save.run();
    if (updated) {
      setStored(updated);
      setSettings(settingsOf(updated));
      setSaved(true);
    }
  };
  return (
    <form className="section form-wide" onSubmit={submit} aria-label={`Connection ${name}`} noValidate>
      <div className="section-head">
        <h2>
          {name} <span className="badge">{strategy}</span>{' '}
          {stored.is_enabled ? <span className="badge ok">Enabled</span> : <span className="badge warn">Disabled</span>}
        </h2>
      </div>
      <StatusNotice>{saved ? `Settings for ${name} saved.` : null}</StatusNotice>
      <ErrorNotice error={formLevelError(save.error, SETTING_FIELDS) ?? disable.error} />
      <div className="form">
        <ConnectionSettingsFields strategy={strategy} value={settings} onChange={setSettings} error={save.error} />
        <div className="actions">
          <button type="submit" disabled={save.pending}>
            Save {name}
          </button>
          <ConfirmButton
            title={`Disable ${name} for this organization?`}
            confirmLabel="Disable connection"
            description="Its members can no longer log in to this organization with it; the organization's settings for it are removed."
            onConfirm={async () => {
              if (await disable.run()) onChange();
            }}
          >
            Disable {name}
          </ConfirmButton>
        </div>
      </div>
    </form>
  );
}

function EnableConnection({ organizationId, enabledIds, onEnabled }: { organizationId: string; enabledIds: string[]; onEnabled(): void }) {
  // Shared connections, and those this organization owns; another organization's are not offered.
  const all = useLoad('connections:all', () => getAll<Connection>('/connections', 'connections'));
  const choices = (all.data ?? []).filter(
    (c) => !enabledIds.includes(c.id) && (!c.organization_id || c.organization_id === organizationId),
  );
  const [connectionId, setConnectionId] = useState('');
  const chosen = choices.find((c) => c.id === connectionId);
  const [settings, setSettings] = useState(DEFAULTS);
  const enable = useAction(() =>
    post<OrganizationConnection>(`/organizations/${organizationId}/enabled_connections`, {
      connection_id: connectionId,
      ...body(chosen!.strategy, settings),
    }),
  );
  const pick = (id: string) => {
    setConnectionId(id);
    const strategy = choices.find((c) => c.id === id)?.strategy ?? '';
    setSettings(change(strategy, DEFAULTS, {}));
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await enable.run()) {
      setConnectionId('');
      setSettings(DEFAULTS);
      onEnabled();
    }
  };
  return (
    <form className="section" onSubmit={submit} aria-label="Enable connection" noValidate>
      <h2>Enable connection</h2>
      <ErrorNotice error={all.error ?? formLevelError(enable.error, SETTING_FIELDS)} />
      <div className="form">
        <SelectField
          label="Connection"
          value={connectionId}
          onChange={(e) => pick(e.target.value)}
          hint={
            choices.length === 0 && all.data
              ? 'Every available connection is already enabled.'
              : 'A shared connection, or one this organization owns.'
          }
          options={[
            { value: '', label: 'Choose a connection…' },
            ...choices.map((c) => ({ value: c.id, label: `${c.display_name ?? c.name} (${c.strategy})` })),
          ]}
        />
        {chosen ? (
          <ConnectionSettingsFields strategy={chosen.strategy} value={settings} onChange={setSettings} error={enable.error} />
        ) : null}
        <div className="actions">
          <button type="submit" disabled={!chosen || enable.pending}>
            Enable connection
          </button>
        </div>
      </div>
    </form>
  );
}
