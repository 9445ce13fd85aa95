import { useState, type FormEvent } from 'react';
import { del, getAll, post } from '../../api/client';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { SelectField } from '../../ui/fields';
import { Empty, ErrorNotice, Loading } from '../../ui/feedback';
import { fieldError, formLevelError, useAction, useLoad } from '../../ui/hooks';
import { Section } from '../../ui/layout';
import { userPath, type Role } from './types';

/** The user's tenant roles (outside any organization): assign one, remove one. */
export function UserRoles({ userId }: { userId: string }) {
  const roles = useLoad(`roles:${userId}`, () => getAll<Role>(userPath(userId, '/roles'), 'roles'));
  const all = useLoad('all-roles', () => getAll<Role>('/roles', 'roles'));
  const [roleId, setRoleId] = useState('');
  const [removeError, setRemoveError] = useState<Error>();
  const assign = useAction(async () => {
    await post(userPath(userId, '/roles'), { roles: [roleId] });
    return true;
  });
  const held = new Set((roles.data ?? []).map((r) => r.id));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!(await assign.run())) return;
    setRoleId('');
    roles.reload();
  };
  const remove = async (role: Role) => {
    setRemoveError(undefined);
    try {
      await del(userPath(userId, '/roles'), { roles: [role.id] });
      roles.reload();
    } catch (error) {
      setRemoveError(error as Error);
    }
  };
  const choices = [
    { value: '', label: 'Choose a role', disabled: true },
    ...(all.data ?? []).filter((r) => !held.has(r.id)).map((r) => ({ value: r.id, label: r.name })),
  ];
  return (
    <Section title="Roles">
      <ErrorNotice error={roles.error ?? removeError ?? formLevelError(assign.error, ['roles'])} />
      {roles.loading && !roles.data ? <Loading /> : null}
      {roles.data && roles.data.length === 0 ? <Empty>No roles.</Empty> : null}
      {roles.data && roles.data.length > 0 ? (
        <table className="table">
          <caption className="visually-hidden">Roles</caption>
          <thead>
            <tr>
              <th scope="col">Role</th>
              <th scope="col">Description</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {roles.data.map((r) => (
              <tr key={r.id}>
                <td>{r.name}</td>
                <td>{r.description ?? ''}</td>
                <td className="cell-actions">
                  <ConfirmButton
                    className="danger small"
                    title={`Remove the role ${r.name}?`}
                    onConfirm={() => remove(r)}
                    confirmLabel="Remove role"
                    description="The user loses the permissions it grants at their next token."
                  >
                    Remove<span className="visually-hidden"> role {r.name}</span>
                  </ConfirmButton>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <form className="inline-form" onSubmit={submit} aria-label="Assign a role">
        <SelectField
          label="Role to assign"
          options={choices}
          value={roleId}
          onChange={(e) => setRoleId(e.target.value)}
          error={fieldError(assign.error, 'roles') ?? (all.error ? all.error.message : undefined)}
        />
        <div className="actions">
          <button type="submit" disabled={!roleId || assign.pending}>
            Assign role
          </button>
        </div>
      </form>
    </Section>
  );
}
