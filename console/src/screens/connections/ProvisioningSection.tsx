import { useState } from 'react';
import { ApiError, del, get, getAll, patch, post, put } from '../../api/client';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { CopyField } from '../../ui/CopyButton';
import { SelectField, TextField } from '../../ui/fields';
import { Empty, ErrorNotice, Loading, StatusNotice } from '../../ui/feedback';
import { useAction, useLoad } from '../../ui/hooks';
import { ListTable } from '../../ui/ListTable';
import { Section } from '../../ui/layout';
import type { Connection } from './types';

interface ScimConfiguration {
  user_id_attribute: string;
  mapping: { auth0: string; scim: string }[];
}
interface ScimToken {
  token_id: string;
  scopes: string[];
  created_at: string;
  valid_until?: string;
  last_used_at?: string;
}
interface Mapping {
  group: string;
  role_id: string;
}
interface LogEntry {
  log_id: string;
  date: string;
  description: string;
  details?: { action?: string };
}

const day = (iso?: string) => (iso ? new Date(iso).toLocaleString() : '–');

/** The group → role mapping of the connection in the organization that owns it. */
function GroupRoles({ connectionId, organizationId }: { connectionId: string; organizationId: string }) {
  const path = `/organizations/${organizationId}/enabled_connections/${connectionId}/group_role_mappings`;
  const loaded = useLoad(path, () => get<{ mappings: Mapping[] }>(path));
  const roles = useLoad('roles', () => getAll<{ id: string; name: string }>('/roles', 'roles'));
  const [group, setGroup] = useState('');
  const [roleId, setRoleId] = useState('');
  const save = useAction((mappings: Mapping[]) => put<{ mappings: Mapping[] }>(path, { mappings }));
  const current = loaded.data?.mappings ?? [];
  const apply = async (next: Mapping[]) => {
    if (await save.run(next)) loaded.reload();
  };
  const roleName = (id: string) => roles.data?.find((r) => r.id === id)?.name ?? id;
  return (
    <>
      <h3>Group to role mapping</h3>
      <p className="hint">Members of a group (from SCIM, or the groups a login asserts) hold its roles in the organization.</p>
      <ErrorNotice error={loaded.error ?? save.error} />
      <ListTable
        caption="Group to role mapping"
        columns={['Group', 'Role', '']}
        items={loaded.data ? current : undefined}
        loading={loaded.loading}
        error={undefined}
        empty="No group is mapped to a role."
        row={(m) => (
          <tr key={`${m.group}-${m.role_id}`}>
            <td>{m.group}</td>
            <td>{roleName(m.role_id)}</td>
            <td>
              <button type="button" className="secondary" onClick={() => apply(current.filter((c) => c !== m))}>
                Remove mapping for {m.group}
              </button>
            </td>
          </tr>
        )}
      />
      <form
        className="form inline"
        onSubmit={(event) => {
          event.preventDefault();
          if (group.trim() && roleId) apply([...current, { group: group.trim(), role_id: roleId }]).then(() => setGroup(''));
        }}
      >
        <TextField label="Group name" value={group} onChange={(e) => setGroup(e.target.value)} />
        <SelectField
          label="Role"
          value={roleId}
          onChange={(e) => setRoleId(e.target.value)}
          options={[{ value: '', label: 'Choose a role' }, ...(roles.data ?? []).map((r) => ({ value: r.id, label: r.name }))]}
        />
        <div className="actions">
          <button type="submit" disabled={save.pending}>
            Add mapping
          </button>
        </div>
      </form>
    </>
  );
}

/**
 * SCIM provisioning of an enterprise connection: enabling it, the endpoint and tokens the IT admin
 * pastes into their IdP, the attribute mapping, the group → role mapping, and the last sync events.
 */
export function ProvisioningSection({ connection }: { connection: Connection }) {
  const base = `/connections/${connection.id}/scim-configuration`;
  const config = useLoad(base, () =>
    get<ScimConfiguration>(base).catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }),
  );
  const tokens = useLoad(config.data ? `${base}/tokens` : null, () => get<ScimToken[]>(`${base}/tokens`));
  const logs = useLoad(config.data ? `logs-${connection.id}` : null, () =>
    get<LogEntry[]>('/logs', { q: `connection_id:"${connection.id}"`, per_page: 5, sort: 'date:-1' }),
  );
  const [newToken, setNewToken] = useState<string>();
  const enable = useAction(() => post(base, {}));
  const createToken = useAction(() => post<{ token: string }>(`${base}/tokens`, {}));
  const disable = useAction(() => del(base));
  const resetMapping = useAction(async () => {
    const defaults = await get<{ mapping: ScimConfiguration['mapping'] }>(`${base}/default-mapping`);
    return patch(base, { user_id_attribute: config.data!.user_id_attribute, mapping: defaults.mapping });
  });

  if (config.loading && config.data === undefined) return <Loading />;
  return (
    <Section title="Provisioning">
      <ErrorNotice error={config.error ?? enable.error ?? createToken.error ?? disable.error ?? resetMapping.error} />
      {config.data === null ? (
        <>
          <p className="hint">
            With SCIM, the customer's IdP creates, updates and deactivates this connection's users as its directory changes.
          </p>
          <button type="button" onClick={async () => (await enable.run()) !== undefined && config.reload()} disabled={enable.pending}>
            Enable SCIM provisioning
          </button>
        </>
      ) : null}
      {config.data ? (
        <>
          <CopyField label="SCIM endpoint URL" value={`${location.origin}/scim/v2/connections/${connection.id}`} />
          <dl className="facts">
            <div>
              <dt>User id attribute</dt>
              <dd>
                <code>{config.data.user_id_attribute}</code>
              </dd>
            </div>
          </dl>
          <h3>Tokens</h3>
          {newToken ? (
            <StatusNotice>
              <CopyField label="New SCIM token (shown once)" value={newToken} />
            </StatusNotice>
          ) : null}
          <ListTable
            caption="SCIM tokens"
            columns={['Token', 'Created', 'Expires', 'Last used', '']}
            items={tokens.data}
            loading={tokens.loading}
            error={tokens.error}
            empty="No token yet: create one for the IdP."
            row={(t) => (
              <tr key={t.token_id}>
                <td>
                  <code>{t.token_id}</code>
                </td>
                <td>{day(t.created_at)}</td>
                <td>{t.valid_until ? day(t.valid_until) : 'Never'}</td>
                <td>{day(t.last_used_at)}</td>
                <td>
                  <ConfirmButton
                    title={`Delete token ${t.token_id}?`}
                    description="The IdP using it stops provisioning at once."
                    onConfirm={async () => {
                      await del(`${base}/tokens/${t.token_id}`);
                      tokens.reload();
                    }}
                  >
                    Delete token
                  </ConfirmButton>
                </td>
              </tr>
            )}
          />
          <div className="actions">
            <button
              type="button"
              disabled={createToken.pending}
              onClick={async () => {
                const created = await createToken.run();
                if (created) {
                  setNewToken(created.token);
                  tokens.reload();
                }
              }}
            >
              Create token
            </button>
          </div>
          <h3>Attribute mapping</h3>
          <ListTable
            caption="Attribute mapping"
            columns={['Gatehouse field', 'SCIM attribute']}
            items={config.data.mapping}
            loading={false}
            error={undefined}
            empty="Nothing is mapped."
            row={(m) => (
              <tr key={m.auth0}>
                <td>
                  <code>{m.auth0}</code>
                </td>
                <td>
                  <code>{m.scim}</code>
                </td>
              </tr>
            )}
          />
          <div className="actions">
            <button type="button" className="secondary" onClick={async () => (await resetMapping.run()) !== undefined && config.reload()}>
              Reset to the default mapping
            </button>
          </div>
          {connection.organization_id ? <GroupRoles connectionId={connection.id} organizationId={connection.organization_id} /> : null}
          <h3>Last sync events</h3>
          <ErrorNotice error={logs.error} />
          {logs.data && logs.data.length === 0 ? <Empty>No SCIM request yet.</Empty> : null}
          <ul className="plain">
            {(logs.data ?? []).map((entry) => (
              <li key={entry.log_id}>
                {day(entry.date)}: {entry.details?.action ?? entry.description}
              </li>
            ))}
          </ul>
          <ConfirmButton
            title="Disable SCIM provisioning?"
            description="Its tokens are deleted; the users it provisioned stay."
            onConfirm={async () => {
              await disable.run();
              setNewToken(undefined);
              config.reload();
            }}
          >
            Disable SCIM
          </ConfirmButton>
        </>
      ) : null}
    </Section>
  );
}
