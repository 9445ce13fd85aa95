import { useState, type FormEvent } from 'react';
import { patch } from '../../api/client';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { Empty, ErrorNotice, StatusNotice } from '../../ui/feedback';
import { TextField } from '../../ui/fields';
import { fieldError, formLevelError, useAction } from '../../ui/hooks';
import type { ResourceServer, Scope } from './types';

/**
 * The permissions (scopes) an API defines. The API stores them as one list, so each change sends
 * the whole list; removing one also takes it out of every application's grant for this API.
 */
export function ApiScopes({ api, readOnly, onSaved }: { api: ResourceServer; readOnly: boolean; onSaved(api: ResourceServer): void }) {
  const [value, setValue] = useState('');
  const [description, setDescription] = useState('');
  const [status, setStatus] = useState<string>();
  const write = useAction((scopes: Scope[]) => patch<ResourceServer>(`/resource-servers/${encodeURIComponent(api.id)}`, { scopes }));
  const add = async (event: FormEvent) => {
    event.preventDefault();
    setStatus(undefined);
    const scope: Scope = description.trim() ? { value: value.trim(), description: description.trim() } : { value: value.trim() };
    const updated = await write.run([...api.scopes, scope]);
    if (updated) {
      setValue('');
      setDescription('');
      setStatus(`Permission ${scope.value} added.`);
      onSaved(updated);
    }
  };
  const remove = async (scope: string) => {
    setStatus(undefined);
    const updated = await write.run(api.scopes.filter((s) => s.value !== scope));
    if (updated) {
      setStatus(`Permission ${scope} removed.`);
      onSaved(updated);
    }
  };
  // A validation error on one scope (`scopes[2].value`) or the list belongs beside the new permission's field.
  const scopeError = fieldError(write.error, 'scopes');
  return (
    <>
      <StatusNotice>{status}</StatusNotice>
      <ErrorNotice error={formLevelError(write.error, ['scopes'])} />
      {api.scopes.length === 0 ? (
        <Empty>This API defines no permissions yet.</Empty>
      ) : (
        <table className="table">
          <caption className="visually-hidden">Permissions of {api.name}</caption>
          <thead>
            <tr>
              <th scope="col">Permission</th>
              <th scope="col">Description</th>
              {readOnly ? null : (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {api.scopes.map((s) => (
              <tr key={s.value}>
                <td>
                  <code>{s.value}</code>
                </td>
                <td>{s.description}</td>
                {readOnly ? null : (
                  <td>
                    <ConfirmButton
                      className="danger small"
                      title={`Remove permission ${s.value}?`}
                      confirmLabel="Remove permission"
                      description={<p>Applications lose it from their grants, and roles no longer give it.</p>}
                      onConfirm={() => remove(s.value)}
                    >
                      Remove<span className="visually-hidden"> {s.value}</span>
                    </ConfirmButton>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {readOnly ? null : (
        <form className="form add-scope" onSubmit={add} noValidate>
          <h3>Add a permission</h3>
          <TextField
            label="Permission"
            required
            value={value}
            onChange={(e) => setValue(e.target.value)}
            error={scopeError}
            hint="No spaces, e.g. read:invoices."
          />
          <TextField
            label="Description"
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            hint="What it allows, e.g. Read invoices."
          />
          <div className="actions">
            <button type="submit" disabled={write.pending || !value.trim()}>
              Add permission
            </button>
          </div>
        </form>
      )}
    </>
  );
}
