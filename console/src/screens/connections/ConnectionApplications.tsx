import { useState, type FormEvent } from 'react';
import { get, getAll, patch } from '../../api/client';
import { CheckboxField } from '../../ui/fields';
import { Empty, ErrorNotice, Loading, StatusNotice } from '../../ui/feedback';
import { useAction, useLoad } from '../../ui/hooks';
import { Section } from '../../ui/layout';
import type { Connection } from './types';

interface Application {
  client_id: string;
  name: string;
}

/** Auth0 accepts at most 50 changes per `PATCH /connections/{id}/clients`. */
const BATCH = 50;

/**
 * The applications this connection is enabled for (Auth0's `enabled_clients`): outside an
 * organization their login offers only their connections; home realm discovery still routes here.
 */
export function ConnectionApplications({ connection, onSaved }: { connection: Connection; onSaved(c: Connection): void }) {
  const apps = useLoad('applications', () => getAll<Application>('/clients', 'clients'));
  const [enabled, setEnabled] = useState(() => new Set(connection.enabled_clients));
  const [saved, setSaved] = useState(false);
  const save = useAction(async () => {
    const changes = (apps.data ?? [])
      .filter((app) => enabled.has(app.client_id) !== connection.enabled_clients.includes(app.client_id))
      .map((app) => ({ client_id: app.client_id, status: enabled.has(app.client_id) }));
    for (let i = 0; i < changes.length; i += BATCH) await patch(`/connections/${connection.id}/clients`, changes.slice(i, i + BATCH));
    return get<Connection>(`/connections/${connection.id}`);
  });
  const toggle = (clientId: string, on: boolean) => {
    setSaved(false);
    setEnabled((current) => {
      const next = new Set(current);
      if (on) next.add(clientId);
      else next.delete(clientId);
      return next;
    });
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const updated = await save.run();
    if (!updated) return;
    setEnabled(new Set(updated.enabled_clients));
    setSaved(true);
    onSaved(updated);
  };
  return (
    <Section title="Applications">
      <p className="hint">
        Applications whose login offers this connection. Home realm discovery still sends people here by their email domain.
      </p>
      <ErrorNotice error={apps.error} />
      {apps.loading && !apps.data ? <Loading /> : null}
      {apps.data && apps.data.length === 0 ? <Empty>No applications yet.</Empty> : null}
      {apps.data && apps.data.length > 0 ? (
        <form className="form" onSubmit={submit} noValidate>
          <ErrorNotice error={save.error} />
          <StatusNotice>{saved ? 'Applications saved.' : null}</StatusNotice>
          <fieldset>
            <legend>Enabled for</legend>
            {apps.data.map((app) => (
              <CheckboxField
                key={app.client_id}
                label={app.name}
                checked={enabled.has(app.client_id)}
                onChange={(e) => toggle(app.client_id, e.target.checked)}
              />
            ))}
          </fieldset>
          <div className="actions">
            <button type="submit" disabled={save.pending}>
              {save.pending ? 'Saving…' : 'Save applications'}
            </button>
          </div>
        </form>
      ) : null}
    </Section>
  );
}
