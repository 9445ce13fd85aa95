import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { del, get, patch } from '../../api/client';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { ErrorNotice, Loading, StatusNotice } from '../../ui/feedback';
import { useAction, useLoad } from '../../ui/hooks';
import { PageHeader, Section } from '../../ui/layout';
import { RoleForm } from './RoleForm';
import { RolePermissions } from './RolePermissions';
import type { Role } from './types';

export default function RoleDetail() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const loaded = useLoad(`role:${id}`, () => get<Role>(`/roles/${encodeURIComponent(id)}`));
  const [saved, setSaved] = useState(false);
  const save = useAction((values: { name: string; description: string }) => patch<Role>(`/roles/${encodeURIComponent(id)}`, values));
  const remove = useAction(async () => {
    await del(`/roles/${encodeURIComponent(id)}`);
    return true;
  });
  const role = loaded.data;
  const crumbs = [{ label: 'Roles', to: '/roles' }, { label: role?.name ?? id }];
  if (!role) {
    return (
      <>
        <PageHeader title="Role" crumbs={crumbs} />
        <ErrorNotice error={loaded.error} />
        {loaded.loading ? <Loading /> : null}
      </>
    );
  }
  return (
    <>
      <PageHeader title={role.name} crumbs={crumbs} description={role.description} />
      <Section title="Settings">
        <StatusNotice>{saved ? 'Role saved.' : null}</StatusNotice>
        <RoleForm
          key={role.id}
          role={role}
          submitLabel="Save role"
          error={save.error}
          pending={save.pending}
          onSubmit={async (values) => {
            setSaved(false);
            if (await save.run(values)) {
              setSaved(true);
              loaded.reload();
            }
          }}
        />
      </Section>
      <Section title="Permissions">
        <RolePermissions roleId={role.id} />
      </Section>
      <Section title="Delete role">
        <p>Users and organization members holding this role lose its permissions.</p>
        <ErrorNotice error={remove.error} />
        <ConfirmButton
          title={`Delete role ${role.name}?`}
          confirmLabel="Delete role"
          description={<p>Everyone holding it loses its permissions. This cannot be undone.</p>}
          onConfirm={async () => {
            if (await remove.run()) navigate('/roles');
          }}
        >
          Delete role
        </ConfirmButton>
      </Section>
    </>
  );
}
