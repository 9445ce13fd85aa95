import { useState, type FormEvent } from 'react';
import { del, get, post } from '../../api/client';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { SelectField, TextField } from '../../ui/fields';
import { ErrorNotice } from '../../ui/feedback';
import { fieldError, formLevelError, useAction, useLoad } from '../../ui/hooks';
import { Section } from '../../ui/layout';
import { userPath, type User, type UserIdentity } from './types';

const ENTERPRISE = ['samlp', 'oidc', 'okta', 'waad'];
const FIELDS = ['connection_id', 'email', 'type'];

interface ConnectionSummary {
  id: string;
  name: string;
  display_name?: string;
  strategy: string;
}

/**
 * Kinde's "Add identity → Enterprise SSO": the user is pre-provisioned on an enterprise connection
 * by the email their IdP knows them by, and keeps only that identity.
 */
function AddEnterpriseIdentity({ user, onDone, onCancel }: { user: User; onDone(): void; onCancel(): void }) {
  const connections = useLoad('enterprise-connections', () =>
    get<{ connections: ConnectionSummary[] }>(`/connections?${ENTERPRISE.map((s) => `strategy=${s}`).join('&')}&take=100`),
  );
  const [connectionId, setConnectionId] = useState('');
  const [email, setEmail] = useState(user.email ?? '');
  const add = useAction(() =>
    post<UserIdentity[]>(userPath(user.user_id, '/identities'), {
      type: 'enterprise',
      connection_id: connectionId,
      email: email.trim() || undefined,
    }),
  );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await add.run()) onDone();
  };
  const options = [
    { value: '', label: 'Choose a connection', disabled: true },
    ...(connections.data?.connections ?? []).map((c) => ({ value: c.id, label: c.display_name ?? c.name })),
  ];
  return (
    <form className="form" onSubmit={submit} aria-label="Add identity" noValidate>
      <ErrorNotice error={formLevelError(add.error, FIELDS) ?? connections.error} />
      <SelectField
        label="Identity type"
        options={[{ value: 'enterprise', label: 'Enterprise SSO' }]}
        value="enterprise"
        onChange={() => {}}
      />
      <SelectField
        label="Enterprise connection"
        options={options}
        value={connectionId}
        onChange={(e) => setConnectionId(e.target.value)}
        error={fieldError(add.error, 'connection_id')}
        required
      />
      <TextField
        label="Email in the identity provider"
        type="email"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        hint="As it appears in the customer's directory; matched on the first sign-in."
        error={fieldError(add.error, 'email')}
      />
      <p className="hint">The user's other identities are removed: a user managed by an enterprise connection has only that identity.</p>
      <div className="actions">
        <button type="submit" disabled={add.pending || !connectionId}>
          Save
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function describe(identity: UserIdentity): string {
  if (identity.user_id) return identity.user_id;
  const email = identity.profileData?.email;
  return `Awaiting first sign-in${typeof email === 'string' ? ` as ${email}` : ''}`;
}

/** The user's identities: adding an enterprise identity, and unlinking a secondary one. */
export function UserIdentities({ user, onChanged }: { user: User; onChanged(): void }) {
  const [adding, setAdding] = useState(false);
  const [removeError, setRemoveError] = useState<Error>();
  const unlink = async (identity: UserIdentity) => {
    setRemoveError(undefined);
    try {
      await del(userPath(user.user_id, `/identities/${encodeURIComponent(identity.provider)}/${encodeURIComponent(identity.user_id!)}`));
      onChanged();
    } catch (error) {
      setRemoveError(error as Error);
    }
  };
  return (
    <Section
      title="Identities"
      actions={
        adding ? null : (
          <button type="button" className="secondary small" onClick={() => setAdding(true)}>
            Add identity
          </button>
        )
      }
    >
      <ErrorNotice error={removeError} />
      {/* Focusable: at phone width the table may scroll sideways, and the keyboard must reach it. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: see above; axe-core asks for it on scrollable regions. */}
      <table className="table identities" tabIndex={0}>
        <caption className="visually-hidden">Identities</caption>
        <thead>
          <tr>
            <th scope="col">Connection</th>
            <th scope="col">Provider</th>
            <th scope="col">Subject</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {user.identities.map((identity, index) => (
            <tr key={`${identity.connection}:${identity.user_id ?? 'pending'}`}>
              <td>{identity.connection}</td>
              <td>{identity.provider}</td>
              <td>{describe(identity)}</td>
              <td className="cell-actions">
                {/* The first identity is the primary one, which Auth0 never unlinks. */}
                {index > 0 && identity.user_id ? (
                  <ConfirmButton
                    className="danger small"
                    title={`Remove the ${identity.connection} identity?`}
                    onConfirm={() => unlink(identity)}
                    description="It becomes a user of its own; this user can no longer sign in with it."
                    confirmLabel="Remove identity"
                  >
                    Remove<span className="visually-hidden"> identity {identity.connection}</span>
                  </ConfirmButton>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {adding ? (
        <AddEnterpriseIdentity
          user={user}
          onCancel={() => setAdding(false)}
          onDone={() => {
            setAdding(false);
            onChanged();
          }}
        />
      ) : null}
    </Section>
  );
}
