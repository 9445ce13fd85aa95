import { useState, type FormEvent } from 'react';
import { ConfirmButton } from '../ui/ConfirmButton';
import { ErrorNotice, StatusNotice } from '../ui/feedback';
import { useAction, useLoad } from '../ui/hooks';
import { PageHeader, Section } from '../ui/layout';
import { ListTable } from '../ui/ListTable';
import { listAll, myOrg, type Member, type Role } from './api';
import { RoleChoices } from './RoleChoices';
import { currentUser, hasScope } from './session';

const who = (m: Member) => m.email ?? m.name ?? m.user_id;

/** The organization's members: their roles (assign, unassign) and their removal. */
export function MembersScreen() {
  const members = useLoad('members', () => listAll<Member>('/members', 'members'));
  const roles = useLoad(hasScope('read:my_org:member_roles') ? 'roles' : null, () => listAll<Role>('/roles', 'roles'));
  const [status, setStatus] = useState('');
  const [editing, setEditing] = useState<string>();
  const remove = useAction(async (m: Member) => {
    await myOrg('POST', '/delete-memberships', { members: [m.user_id] });
    return true;
  });
  const me = currentUser()?.sub;
  const mayEditRoles = hasScope('create:my_org:member_roles') && hasScope('delete:my_org:member_roles');
  return (
    <>
      <PageHeader title="Members" description="The people of your organization and the roles they hold in it." />
      <Section title="People">
        <StatusNotice>{status || null}</StatusNotice>
        <ErrorNotice error={remove.error ?? roles.error} />
        <ListTable
          caption="Members"
          columns={['Member', 'Roles', 'Actions']}
          items={members.data}
          loading={members.loading}
          error={members.error}
          empty="No members yet. Invite people from Invitations."
          row={(m) => (
            <tr key={m.user_id}>
              <td>
                <strong>{m.name ?? who(m)}</strong>
                {m.email && m.name ? <div className="hint">{m.email}</div> : null}
              </td>
              <td>
                {editing === m.user_id && roles.data ? (
                  <RolesForm
                    member={m}
                    roles={roles.data}
                    onDone={(message) => {
                      setEditing(undefined);
                      if (message) {
                        setStatus(message);
                        members.reload();
                      }
                    }}
                  />
                ) : (
                  (m.roles ?? []).map((r) => r.name).join(', ') || <span className="hint">No role</span>
                )}
              </td>
              <td>
                <div className="actions">
                  {mayEditRoles && roles.data && editing !== m.user_id ? (
                    <button type="button" className="secondary small" onClick={() => setEditing(m.user_id)}>
                      Change roles of {who(m)}
                    </button>
                  ) : null}
                  {hasScope('delete:my_org:memberships') && m.user_id !== me ? (
                    <ConfirmButton
                      className="danger small"
                      title={`Remove ${who(m)} from the organization?`}
                      confirmLabel="Remove member"
                      description="They can no longer sign in to this organization. Their account itself stays."
                      onConfirm={async () => {
                        setStatus('');
                        if (await remove.run(m)) {
                          setStatus(`${who(m)} was removed.`);
                          members.reload();
                        }
                      }}
                    >
                      Remove {who(m)}
                    </ConfirmButton>
                  ) : null}
                </div>
              </td>
            </tr>
          )}
        />
      </Section>
    </>
  );
}

/** Roles to tick; saving assigns the new ones and unassigns the cleared ones. */
function RolesForm({ member, roles, onDone }: { member: Member; roles: Role[]; onDone(message?: string): void }) {
  const held = new Set((member.roles ?? []).map((r) => r.id));
  const [chosen, setChosen] = useState(held);
  const save = useAction(async () => {
    const path = `/members/${encodeURIComponent(member.user_id)}`;
    const added = [...chosen].filter((id) => !held.has(id));
    const removed = [...held].filter((id) => !chosen.has(id));
    if (added.length) await myOrg('POST', `${path}/roles`, { role_ids: added });
    if (removed.length) await myOrg('POST', `${path}/unassign-roles`, { role_ids: removed });
    return true;
  });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await save.run()) onDone(`Roles of ${who(member)} saved.`);
  };
  return (
    <form onSubmit={submit} aria-label={`Roles of ${who(member)}`}>
      <ErrorNotice error={save.error} />
      <RoleChoices legend={`Roles of ${who(member)}`} roles={roles} chosen={chosen} onChange={setChosen} />
      <div className="actions">
        <button type="submit" className="small" disabled={save.pending}>
          Save roles
        </button>
        <button type="button" className="secondary small" onClick={() => onDone()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
