import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { getAll, post } from '../../api/client';
import { SelectField, TextField } from '../../ui/fields';
import { ErrorNotice } from '../../ui/feedback';
import { fieldError, formLevelError, useAction, useLoad } from '../../ui/hooks';
import { PageHeader } from '../../ui/layout';
import { userPath, type User } from './types';

const FIELDS = ['connection', 'email', 'password', 'name'];

/** `/users/new`: a user with a password, in a database connection. */
export default function NewUser() {
  const navigate = useNavigate();
  const databases = useLoad('database-connections', () =>
    getAll<{ id: string; name: string }>('/connections', 'connections', { strategy: 'auth0' }),
  );
  const [form, setForm] = useState({ connection: '', email: '', password: '', name: '' });
  const connection = form.connection || databases.data?.[0]?.name || '';
  const create = useAction(() =>
    post<User>('/users', {
      connection,
      email: form.email.trim(),
      password: form.password,
      ...(form.name.trim() ? { name: form.name.trim() } : {}),
    }),
  );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const user = await create.run();
    if (user) navigate(userPath(user.user_id));
  };
  return (
    <>
      <PageHeader title="Create user" crumbs={[{ label: 'Users', to: '/users' }]} />
      <form className="form" onSubmit={submit} noValidate>
        <ErrorNotice error={formLevelError(create.error, FIELDS) ?? databases.error} />
        <SelectField
          label="Connection"
          value={connection}
          onChange={(e) => setForm({ ...form, connection: e.target.value })}
          options={(databases.data ?? []).map((c) => ({ value: c.name, label: c.name }))}
          error={fieldError(create.error, 'connection')}
        />
        <TextField
          label="Email"
          type="email"
          required
          autoComplete="off"
          value={form.email}
          onChange={(e) => setForm({ ...form, email: e.target.value })}
          error={fieldError(create.error, 'email')}
        />
        <TextField
          label="Password"
          type="password"
          required
          autoComplete="new-password"
          value={form.password}
          onChange={(e) => setForm({ ...form, password: e.target.value })}
          hint="8 to 128 characters."
          error={fieldError(create.error, 'password')}
        />
        <TextField
          label="Name"
          value={form.name}
          onChange={(e) => setForm({ ...form, name: e.target.value })}
          error={fieldError(create.error, 'name')}
        />
        <div className="actions">
          <button type="submit" disabled={create.pending}>
            Create user
          </button>
        </div>
      </form>
    </>
  );
}
