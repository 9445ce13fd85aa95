import { useState, type FormEvent, type ReactNode } from 'react';
import { ErrorNotice } from '../../ui/feedback';
import { TextField } from '../../ui/fields';
import { fieldError, formLevelError } from '../../ui/hooks';
import type { Role } from './types';

const FIELDS = ['name', 'description'];

/** A role's name and description, for creating and editing. */
export function RoleForm({
  role,
  error,
  pending,
  submitLabel,
  onSubmit,
  children,
}: {
  role?: Role;
  error?: Error;
  pending: boolean;
  submitLabel: string;
  onSubmit(values: { name: string; description: string }): void;
  children?: ReactNode;
}) {
  const [name, setName] = useState(role?.name ?? '');
  const [description, setDescription] = useState(role?.description ?? '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit({ name, description });
  };
  return (
    <form className="form" onSubmit={submit} noValidate>
      <ErrorNotice error={formLevelError(error, FIELDS)} />
      <TextField
        label="Name"
        required
        maxLength={50}
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={fieldError(error, 'name')}
      />
      <TextField
        label="Description"
        maxLength={140}
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        error={fieldError(error, 'description')}
      />
      <div className="actions">
        <button type="submit" disabled={pending}>
          {submitLabel}
        </button>
        {children}
      </div>
    </form>
  );
}
