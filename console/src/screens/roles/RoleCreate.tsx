import { Link, useNavigate } from 'react-router';
import { post } from '../../api/client';
import { useAction } from '../../ui/hooks';
import { PageHeader } from '../../ui/layout';
import { RoleForm } from './RoleForm';
import type { Role } from './types';

export default function RoleCreate() {
  const navigate = useNavigate();
  const create = useAction((values: { name: string; description: string }) =>
    post<Role>('/roles', {
      name: values.name,
      ...(values.description.trim() ? { description: values.description.trim() } : {}),
    }),
  );
  return (
    <>
      <PageHeader title="Create role" crumbs={[{ label: 'Roles', to: '/roles' }, { label: 'Create role' }]} />
      <RoleForm
        submitLabel="Create role"
        error={create.error}
        pending={create.pending}
        onSubmit={async (values) => {
          const role = await create.run(values);
          if (role) navigate(`/roles/${role.id}`);
        }}
      >
        <Link className="button secondary" to="/roles">
          Cancel
        </Link>
      </RoleForm>
    </>
  );
}
