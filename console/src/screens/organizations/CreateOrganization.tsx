import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { post } from '../../api/client';
import { fieldError, formLevelError, useAction } from '../../ui/hooks';
import { TextField } from '../../ui/fields';
import { ErrorNotice } from '../../ui/feedback';
import { FormActions, PageHeader } from '../../ui/layout';
import type { Organization } from './types';

const FIELDS = ['name', 'display_name'];

export default function CreateOrganization() {
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [displayName, setDisplayName] = useState('');
  const create = useAction(() => post<Organization>('/organizations', { name, ...(displayName ? { display_name: displayName } : {}) }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const created = await create.run();
    if (created) navigate(`/organizations/${created.id}/overview`);
  };
  return (
    <>
      <PageHeader
        title="Create organization"
        crumbs={[{ label: 'Organizations', to: '/organizations' }, { label: 'Create organization' }]}
      />
      <form className="form section" onSubmit={submit} noValidate>
        <ErrorNotice error={formLevelError(create.error, FIELDS)} />
        <TextField
          label="Name"
          required
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={fieldError(create.error, 'name')}
          hint="The identifier used in login links (organization=name): lowercase letters, digits, - and _, at most 50 characters."
          autoComplete="off"
        />
        <TextField
          label="Display name"
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
          error={fieldError(create.error, 'display_name')}
          hint="The name your users see on the login page."
          autoComplete="off"
        />
        <FormActions submit="Create organization" pending={create.pending} cancelTo="/organizations" />
      </form>
    </>
  );
}
