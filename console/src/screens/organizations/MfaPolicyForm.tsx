import { useState, type FormEvent } from 'react';
import { useOutletContext } from 'react-router';
import { getAll, patch } from '../../api/client';
import { CheckboxField } from '../../ui/fields';
import { ErrorNotice, StatusNotice } from '../../ui/feedback';
import { fieldError, formLevelError, useAction, useLoad } from '../../ui/hooks';
import type { Organization, OrganizationConnection, OrganizationContext, Role } from './types';

const FIELD = 'gatehouse_mfa_policy';

/** Toggles `id` in a list of ids. */
const toggled = (ids: string[], id: string, on: boolean) => (on ? [...new Set([...ids, id])] : ids.filter((x) => x !== id));

/**
 * The organization's MFA policy: require a second factor of its members, but for the roles and the
 * connections (an enterprise IdP that does MFA itself) it exempts.
 */
export function MfaPolicyForm() {
  const { organization: org, setOrganization } = useOutletContext<OrganizationContext>();
  const policy = org.gatehouse_mfa_policy;
  const [require, setRequire] = useState(policy.require);
  const [roles, setRoles] = useState(policy.exempt_roles);
  const [connections, setConnections] = useState(policy.exempt_connections);
  const [saved, setSaved] = useState(false);
  const allRoles = useLoad('all-roles', () => getAll<Role>('/roles', 'roles'));
  // Only connections whose IdP may do MFA itself can be exempt: not the password database.
  const enabled = useLoad(`enabled-connections:${org.id}`, async () =>
    (await getAll<OrganizationConnection>(`/organizations/${org.id}/enabled_connections`, 'enabled_connections')).filter(
      (c) => c.connection.strategy !== 'auth0',
    ),
  );
  const save = useAction(() =>
    patch<Organization>(`/organizations/${org.id}`, {
      gatehouse_mfa_policy: { require, exempt_roles: roles, exempt_connections: connections },
    }),
  );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const updated = await save.run();
    if (updated) {
      setOrganization(updated);
      setSaved(true);
    }
  };
  return (
    <form className="section" onSubmit={submit} aria-label="Multi-factor authentication" noValidate>
      <h2>Multi-factor authentication</h2>
      <StatusNotice>{saved ? 'MFA policy saved.' : null}</StatusNotice>
      <ErrorNotice error={allRoles.error ?? enabled.error ?? formLevelError(save.error, [FIELD])} />
      <div className="form">
        <CheckboxField
          label="Require a second factor of members"
          checked={require}
          onChange={(e) => setRequire(e.target.checked)}
          error={fieldError(save.error, `${FIELD}.require`)}
          hint="Every login to this organization answers a second factor; who has none enrols one first."
        />
        <fieldset>
          <legend>Exempt roles</legend>
          {allRoles.data?.length === 0 ? <p className="hint">The tenant has no roles.</p> : null}
          {(allRoles.data ?? []).map((r) => (
            <CheckboxField
              key={r.id}
              label={r.name}
              checked={roles.includes(r.id)}
              onChange={(e) => setRoles(toggled(roles, r.id, e.target.checked))}
            />
          ))}
          {fieldError(save.error, `${FIELD}.exempt_roles`) ? (
            <p className="field-error">{fieldError(save.error, `${FIELD}.exempt_roles`)}</p>
          ) : null}
        </fieldset>
        <fieldset>
          <legend>Exempt connections</legend>
          <p className="hint">Logins through these connections are not asked: their identity provider does MFA.</p>
          {enabled.data?.length === 0 ? <p className="hint">No enterprise or social connection is enabled for this organization.</p> : null}
          {(enabled.data ?? []).map((c) => (
            <CheckboxField
              key={c.connection_id}
              label={c.connection.name}
              checked={connections.includes(c.connection_id)}
              onChange={(e) => setConnections(toggled(connections, c.connection_id, e.target.checked))}
            />
          ))}
          {fieldError(save.error, `${FIELD}.exempt_connections`) ? (
            <p className="field-error">{fieldError(save.error, `${FIELD}.exempt_connections`)}</p>
          ) : null}
        </fieldset>
        <div className="actions">
          <button type="submit" disabled={save.pending}>
            Save MFA policy
          </button>
        </div>
      </div>
    </form>
  );
}
