import { useState, type FormEvent } from 'react';
import { useOutletContext } from 'react-router';
import { del, getAll, post } from '../../api/client';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { CopyButton } from '../../ui/CopyButton';
import { CheckboxField, SelectField, TextField } from '../../ui/fields';
import { Empty, ErrorNotice, Loading, StatusNotice } from '../../ui/feedback';
import { fieldError, formLevelError, useAction, useLoad } from '../../ui/hooks';
import { Section } from '../../ui/layout';
import type { Client, Invitation, OrganizationConnection, OrganizationContext, Role } from './types';

const FIELDS = ['invitee', 'inviter', 'client_id', 'connection_id', 'ttl_sec', 'roles', 'send_invitation_email'];
const DAY = 86_400;

export default function InvitationsTab() {
  const { organization: org } = useOutletContext<OrganizationContext>();
  const invitations = useLoad(`invitations:${org.id}`, () => getAll<Invitation>(`/organizations/${org.id}/invitations`, 'invitations'));
  const revoke = useAction(async (id: string) => {
    await del(`/organizations/${org.id}/invitations/${id}`);
    return true;
  });
  const now = Date.now();
  return (
    <>
      <SendInvitation organizationId={org.id} onSent={invitations.reload} />
      <Section title="Invitations">
        <ErrorNotice error={invitations.error ?? revoke.error} />
        {invitations.loading && !invitations.data ? <Loading /> : null}
        {invitations.data?.length === 0 ? <Empty>No open invitations. An accepted invitation leaves this list.</Empty> : null}
        {invitations.data?.length ? (
          <ul className="invitation-list">
            {invitations.data.map((i) => {
              const expired = Date.parse(i.expires_at) <= now;
              return (
                <li key={i.id} className="invitation">
                  <div>
                    <strong>{i.invitee.email}</strong>{' '}
                    {expired ? <span className="badge warn">Expired</span> : <span className="badge ok">Pending</span>}
                    <p className="hint">
                      Invited by {i.inviter.name} · {expired ? 'expired' : 'expires'} {new Date(i.expires_at).toLocaleString()}
                    </p>
                  </div>
                  <div className="actions">
                    <CopyButton value={i.invitation_url} label={`Copy invitation link for ${i.invitee.email}`} />
                    <ConfirmButton
                      className="danger small"
                      title={`Revoke the invitation for ${i.invitee.email}?`}
                      confirmLabel="Revoke invitation"
                      description="The invitation link stops working at once."
                      onConfirm={async () => {
                        if (await revoke.run(i.id)) invitations.reload();
                      }}
                    >
                      Revoke invitation for {i.invitee.email}
                    </ConfirmButton>
                  </div>
                </li>
              );
            })}
          </ul>
        ) : null}
      </Section>
    </>
  );
}

function SendInvitation({ organizationId, onSent }: { organizationId: string; onSent(): void }) {
  const clients = useLoad('clients:all', () => getAll<Client>('/clients', 'clients'));
  const roles = useLoad('roles:all', () => getAll<Role>('/roles', 'roles'));
  const connections = useLoad(`org-connections:${organizationId}`, () =>
    getAll<OrganizationConnection>(`/organizations/${organizationId}/enabled_connections`, 'enabled_connections'),
  );
  const [email, setEmail] = useState('');
  const [inviter, setInviter] = useState('');
  const [clientId, setClientId] = useState('');
  const [connectionId, setConnectionId] = useState('');
  const [days, setDays] = useState('7');
  const [chosenRoles, setChosenRoles] = useState<string[]>([]);
  const [sendEmail, setSendEmail] = useState(true);
  const [sent, setSent] = useState('');
  const send = useAction(() =>
    post<Invitation>(`/organizations/${organizationId}/invitations`, {
      invitee: { email },
      inviter: { name: inviter },
      client_id: clientId || (clients.data?.[0]?.client_id ?? ''),
      ...(connectionId ? { connection_id: connectionId } : {}),
      ...(chosenRoles.length ? { roles: chosenRoles } : {}),
      ttl_sec: Math.round(Number(days) * DAY),
      send_invitation_email: sendEmail,
    }),
  );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSent('');
    const invitation = await send.run();
    if (invitation) {
      setSent(`Invitation sent to ${invitation.invitee.email}.`);
      setEmail('');
      setChosenRoles([]);
      onSent();
    }
  };
  const toggleRole = (id: string, on: boolean) => setChosenRoles(on ? [...chosenRoles, id] : chosenRoles.filter((r) => r !== id));
  return (
    <form className="section" onSubmit={submit} aria-label="Send invitation" noValidate>
      <h2>Send invitation</h2>
      <StatusNotice>{sent || null}</StatusNotice>
      <ErrorNotice error={clients.error ?? formLevelError(send.error, FIELDS)} />
      <div className="form">
        <TextField
          label="Invitee email"
          type="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={fieldError(send.error, 'invitee')}
          autoComplete="off"
        />
        <TextField
          label="Inviter name"
          required
          value={inviter}
          onChange={(e) => setInviter(e.target.value)}
          error={fieldError(send.error, 'inviter')}
          hint="Shown in the invitation: “… has invited you to join”."
        />
        <SelectField
          label="Application"
          value={clientId || (clients.data?.[0]?.client_id ?? '')}
          onChange={(e) => setClientId(e.target.value)}
          error={fieldError(send.error, 'client_id')}
          hint="The invitation link opens this application's login."
          options={(clients.data ?? []).map((c) => ({ value: c.client_id, label: c.name }))}
        />
        <SelectField
          label="Connection"
          value={connectionId}
          onChange={(e) => setConnectionId(e.target.value)}
          error={fieldError(send.error, 'connection_id')}
          hint="Optional: the connection the invitee must sign up or log in with."
          options={[
            { value: '', label: 'Any enabled connection' },
            ...(connections.data ?? []).map((c) => ({ value: c.connection_id, label: c.connection.name })),
          ]}
        />
        <TextField
          label="Expires after (days)"
          type="number"
          min={1}
          max={30}
          value={days}
          onChange={(e) => setDays(e.target.value)}
          error={fieldError(send.error, 'ttl_sec')}
          hint="1 to 30 days."
        />
        {roles.data?.length ? (
          <fieldset className={fieldError(send.error, 'roles') ? 'has-error' : undefined}>
            <legend>Roles</legend>
            {roles.data.map((r) => (
              <CheckboxField
                key={r.id}
                label={r.name}
                checked={chosenRoles.includes(r.id)}
                onChange={(e) => toggleRole(r.id, e.target.checked)}
              />
            ))}
            {fieldError(send.error, 'roles') ? <p className="field-error">{fieldError(send.error, 'roles')}</p> : null}
          </fieldset>
        ) : null}
        <CheckboxField
          label="Send invitation email"
          checked={sendEmail}
          onChange={(e) => setSendEmail(e.target.checked)}
          hint="Off: copy the invitation link below and share it yourself."
        />
        <div className="actions">
          <button type="submit" disabled={send.pending}>
            Send invitation
          </button>
        </div>
      </div>
    </form>
  );
}
