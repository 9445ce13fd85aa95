import { useState, type FormEvent } from 'react';
import { Link, useOutletContext } from 'react-router';
import { ApiError, del, get, getAll, post } from '../../api/client';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { SelectField, TextField } from '../../ui/fields';
import { Empty, ErrorNotice, Loading, StatusNotice } from '../../ui/feedback';
import { fieldError, formLevelError, useAction, useLoad } from '../../ui/hooks';
import { CheckpointPager, Section } from '../../ui/layout';
import { useCheckpoints } from '../../ui/paging';
import type { Member, MemberPage, OrganizationContext, Role, User } from './types';

const PAGE_SIZE = 25;

/** A lookup failure shown beside the "Email or user ID" input (it names the `members` field). */
const notFound = (what: string) => new ApiError(404, 'inexistent_user', `No user found with ${what} on property members.`);

export default function MembersTab() {
  const { organization: org } = useOutletContext<OrganizationContext>();
  const pages = useCheckpoints();
  const members = useLoad(`members:${org.id}:${pages.from ?? ''}`, () =>
    get<MemberPage>(`/organizations/${org.id}/members`, { from: pages.from, take: PAGE_SIZE, fields: 'user_id,email,name,roles' }),
  );
  const roles = useLoad('roles:all', () => getAll<Role>('/roles', 'roles'));
  return (
    <>
      <AddMember organizationId={org.id} roles={roles.data ?? []} onAdded={members.reload} />
      <Section title="Members">
        <ErrorNotice error={members.error ?? roles.error} />
        {members.loading && !members.data ? <Loading /> : null}
        {members.data?.members.length === 0 ? <Empty>No members yet.</Empty> : null}
        {members.data?.members.length ? (
          <ul className="member-list">
            {members.data.members.map((m) => (
              <MemberRow key={m.user_id} organizationId={org.id} member={m} roles={roles.data ?? []} onChange={members.reload} />
            ))}
          </ul>
        ) : null}
        <CheckpointPager pages={pages} next={members.data?.next} />
      </Section>
    </>
  );
}

function AddMember({ organizationId, roles, onAdded }: { organizationId: string; roles: Role[]; onAdded(): void }) {
  const [who, setWho] = useState('');
  const [roleId, setRoleId] = useState('');
  const [added, setAdded] = useState('');
  const add = useAction(async () => {
    const text = who.trim();
    let ids = [text];
    if (text.includes('@')) {
      const users = await get<User[]>('/users-by-email', { email: text });
      if (users.length === 0) throw notFound(`the email ${text}`);
      ids = users.map((u) => u.user_id);
    }
    await post(`/organizations/${organizationId}/members`, { members: ids });
    if (roleId)
      for (const id of ids) await post(`/organizations/${organizationId}/members/${encodeURIComponent(id)}/roles`, { roles: [roleId] });
    return text;
  });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAdded('');
    const done = await add.run();
    if (done) {
      setAdded(`${done} added.`);
      setWho('');
      setRoleId('');
      onAdded();
    }
  };
  return (
    <form className="section" onSubmit={submit} aria-label="Add member" noValidate>
      <h2>Add member</h2>
      <StatusNotice>{added || null}</StatusNotice>
      <ErrorNotice error={formLevelError(add.error, ['members', 'roles'])} />
      <div className="form">
        <TextField
          label="Email or user ID"
          required
          value={who}
          onChange={(e) => setWho(e.target.value)}
          autoComplete="off"
          hint={
            <>
              An existing user. To create one first, go to <Link to="/users">Users</Link>.
            </>
          }
          error={fieldError(add.error, 'members')}
        />
        <SelectField
          label="Role"
          value={roleId}
          onChange={(e) => setRoleId(e.target.value)}
          error={fieldError(add.error, 'roles')}
          hint="Optional: a role the member holds in this organization."
          options={[{ value: '', label: 'No role' }, ...roles.map((r) => ({ value: r.id, label: r.name }))]}
        />
        <div className="actions">
          <button type="submit" disabled={!who.trim() || add.pending}>
            Add member
          </button>
        </div>
      </div>
    </form>
  );
}

function MemberRow({
  organizationId,
  member,
  roles,
  onChange,
}: {
  organizationId: string;
  member: Member;
  roles: Role[];
  onChange(): void;
}) {
  const label = member.email ?? member.name ?? member.user_id;
  const base = `/organizations/${organizationId}/members`;
  const rolesPath = `${base}/${encodeURIComponent(member.user_id)}/roles`;
  const held = member.roles ?? [];
  const [roleId, setRoleId] = useState('');
  const write = useAction(async (perform: () => Promise<unknown>) => {
    await perform();
    return true;
  });
  const run = async (perform: () => Promise<unknown>) => {
    if (await write.run(perform)) onChange();
  };
  const assignable = roles.filter((r) => !held.some((h) => h.id === r.id));
  return (
    <li className="member">
      <div className="member-who">
        <strong>{label}</strong>
        {member.name && member.name !== label ? <span> · {member.name}</span> : null}
        <div>
          <code>{member.user_id}</code>
        </div>
      </div>
      <div className="member-roles">
        <span className="visually-hidden">Roles of {label}:</span>
        {held.length === 0 ? <span className="hint">No roles</span> : null}
        <ul className="role-chips">
          {held.map((r) => (
            <li key={r.id}>
              <span className="badge">{r.name}</span>{' '}
              <ConfirmButton
                className="link small"
                label={`Remove role ${r.name} from ${label}`}
                title={`Remove the role ${r.name} from ${label}?`}
                confirmLabel="Remove role"
                description="The member keeps their membership; their next tokens for this organization lose the role's permissions."
                onConfirm={() => run(() => del(rolesPath, { roles: [r.id] }))}
              >
                Remove
              </ConfirmButton>
            </li>
          ))}
        </ul>
        {assignable.length ? (
          <div className="assign-role">
            <SelectField
              label={`Assign a role to ${label}`}
              value={roleId}
              onChange={(e) => setRoleId(e.target.value)}
              options={[{ value: '', label: 'Choose a role…' }, ...assignable.map((r) => ({ value: r.id, label: r.name }))]}
            />
            <button
              type="button"
              className="secondary small"
              disabled={!roleId}
              onClick={() =>
                run(async () => {
                  await post(rolesPath, { roles: [roleId] });
                  setRoleId('');
                })
              }
            >
              Assign role
            </button>
          </div>
        ) : null}
      </div>
      <div className="member-actions">
        <ConfirmButton
          className="danger small"
          title={`Remove ${label} from this organization?`}
          confirmLabel="Remove member"
          description="Their roles in this organization are removed too; the user account stays."
          onConfirm={() => run(() => del(base, { members: [member.user_id] }))}
        >
          Remove {label}
        </ConfirmButton>
      </div>
      {write.error ? (
        <div className="member-error">
          <ErrorNotice error={write.error} />
        </div>
      ) : null}
    </li>
  );
}
