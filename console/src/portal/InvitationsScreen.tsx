import { useState, type FormEvent } from 'react';
import { ConfirmButton } from '../ui/ConfirmButton';
import { TextAreaField } from '../ui/fields';
import { ErrorNotice, StatusNotice } from '../ui/feedback';
import { fieldError, formLevelError, useAction, useLoad } from '../ui/hooks';
import { PageHeader, Section } from '../ui/layout';
import { ListTable } from '../ui/ListTable';
import { listAll, myOrg, type MemberInvitation, type Role } from './api';
import { RoleChoices } from './RoleChoices';
import { hasScope } from './session';

/** Invite people (several at once, with roles), see the open invitations, revoke one. */
export function InvitationsScreen() {
  const invitations = useLoad('invitations', () => listAll<MemberInvitation>('/member-invitations', 'invitations'));
  const roles = useLoad(hasScope('read:my_org:member_roles') ? 'roles' : null, () => listAll<Role>('/roles', 'roles'));
  const [status, setStatus] = useState('');
  const revoke = useAction(async (i: MemberInvitation) => {
    await myOrg('DELETE', `/member-invitations/${encodeURIComponent(i.id)}`);
    return true;
  });
  const roleName = (id: string) => roles.data?.find((r) => r.id === id)?.name ?? id;
  return (
    <>
      <PageHeader title="Invitations" description="Invite people to your organization; each gets an email with a link." />
      {hasScope('create:my_org:member_invitations') ? (
        <InviteForm
          roles={roles.data ?? []}
          onInvited={(message) => {
            setStatus(message);
            invitations.reload();
          }}
        />
      ) : null}
      <Section title="Open invitations">
        <StatusNotice>{status || null}</StatusNotice>
        <ErrorNotice error={revoke.error} />
        <ListTable
          caption="Open invitations"
          columns={['Invitee', 'Roles', 'Expires', 'Actions']}
          items={invitations.data}
          loading={invitations.loading}
          error={invitations.error}
          empty="No open invitations."
          row={(i) => (
            <tr key={i.id}>
              <td>{i.invitee.email}</td>
              <td>{i.roles.map(roleName).join(', ') || <span className="hint">No role</span>}</td>
              <td>{new Date(i.expires_at).toLocaleString()}</td>
              <td>
                {hasScope('delete:my_org:member_invitations') ? (
                  <ConfirmButton
                    className="danger small"
                    title={`Revoke the invitation of ${i.invitee.email}?`}
                    confirmLabel="Revoke invitation"
                    description="The link in their email stops working."
                    onConfirm={async () => {
                      setStatus('');
                      if (await revoke.run(i)) {
                        setStatus(`The invitation of ${i.invitee.email} was revoked.`);
                        invitations.reload();
                      }
                    }}
                  >
                    Revoke invitation of {i.invitee.email}
                  </ConfirmButton>
                ) : null}
              </td>
            </tr>
          )}
        />
      </Section>
    </>
  );
}

function InviteForm({ roles, onInvited }: { roles: Role[]; onInvited(message: string): void }) {
  const [emails, setEmails] = useState('');
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const invite = useAction(() => {
    const list = emails
      .split(/[\s,;]+/)
      .map((e) => e.trim())
      .filter(Boolean);
    return myOrg<MemberInvitation[]>('POST', '/member-invitations', {
      invitees: list.map((email) => ({ email, ...(chosen.size ? { roles: [...chosen] } : {}) })),
    });
  });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const created = await invite.run();
    if (created) {
      setEmails('');
      setChosen(new Set());
      onInvited(`Invited ${created.map((i) => i.invitee.email).join(', ')}.`);
    }
  };
  return (
    <form className="section" onSubmit={submit} aria-label="Invite members" noValidate>
      <h2>Invite members</h2>
      <ErrorNotice error={formLevelError(invite.error, ['invitees'])} />
      <div className="form">
        <TextAreaField
          label="Email addresses"
          required
          rows={3}
          value={emails}
          onChange={(e) => setEmails(e.target.value)}
          error={fieldError(invite.error, 'invitees')}
          hint="One or more, separated by commas or new lines."
        />
        {roles.length ? <RoleChoices legend="Roles given on acceptance" roles={roles} chosen={chosen} onChange={setChosen} /> : null}
        <div className="actions">
          <button type="submit" disabled={invite.pending}>
            Send invitations
          </button>
        </div>
      </div>
    </form>
  );
}
