import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { del, get, patch } from '../../api/client';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { TextField } from '../../ui/fields';
import { ErrorNotice, Loading, StatusNotice } from '../../ui/feedback';
import { fieldError, formLevelError, useAction, useLoad } from '../../ui/hooks';
import { PageHeader, Section } from '../../ui/layout';
import { ConnectionFields, FORM_FIELDS } from './ConnectionFields';
import { draftOf, optionsOf, type ConnectionDraft } from './connection-draft';
import { OrganizationLink } from './OrganizationLink';
import { SamlSpSection } from './SamlSpSection';
import { ConnectionApplications } from './ConnectionApplications';
import { ProvisioningSection } from './ProvisioningSection';
import { isEnterprise, strategyLabel, type Connection } from './types';
import './connections.css';

function EditForm({ connection, onSaved }: { connection: Connection; onSaved(c: Connection): void }) {
  const [draft, setDraft] = useState<ConnectionDraft>(() => draftOf(connection));
  const [saved, setSaved] = useState(false);
  const change = (p: Partial<ConnectionDraft>) => {
    setSaved(false);
    setDraft((d) => ({ ...d, ...p }));
  };
  const save = useAction(() =>
    patch<Connection>(`/connections/${connection.id}`, {
      display_name: draft.display_name.trim() || null,
      options: optionsOf(connection.strategy, draft, connection.options),
    }),
  );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const updated = await save.run();
    if (!updated) return;
    setDraft(draftOf(updated));
    setSaved(true);
    onSaved(updated);
  };
  return (
    <form className="form" onSubmit={submit} noValidate>
      <ErrorNotice error={formLevelError(save.error, FORM_FIELDS)} />
      <StatusNotice>{saved ? 'Connection saved.' : null}</StatusNotice>
      <TextField
        label="Display name"
        value={draft.display_name}
        onChange={(e) => change({ display_name: e.target.value })}
        hint="Shown on the login button."
        error={fieldError(save.error, 'display_name')}
      />
      <ConnectionFields strategy={connection.strategy} draft={draft} onChange={change} error={save.error} editing />
      <div className="actions">
        <button type="submit" disabled={save.pending}>
          {save.pending ? 'Saving…' : 'Save changes'}
        </button>
      </div>
    </form>
  );
}

/** `/connections/:id`: a connection's settings, the SAML values for the IdP, and deleting it. */
export default function ConnectionDetail() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const loaded = useLoad(id, () => get<Connection>(`/connections/${id}`));
  const [connection, setConnection] = useState<Connection>();
  useEffect(() => setConnection(loaded.data), [loaded.data]);
  const [removeError, setRemoveError] = useState<Error>();

  if (loaded.error)
    return (
      <>
        <PageHeader title="Connection" crumbs={[{ label: 'Connections', to: '/connections' }]} />
        <ErrorNotice error={loaded.error} />
      </>
    );
  if (!connection) return <Loading />;
  const owner = connection.organization_id;
  const back = owner ? `/organizations/${owner}/authentication` : '/connections';
  const confirmDelete = async () => {
    try {
      await del(`/connections/${id}`);
      navigate(back);
    } catch (error) {
      setRemoveError(error as Error);
    }
  };
  return (
    <>
      <PageHeader
        title={connection.display_name ?? connection.name}
        crumbs={
          owner
            ? [
                { label: 'Organizations', to: '/organizations' },
                { label: 'Authentication', to: back },
              ]
            : [{ label: 'Connections', to: '/connections' }]
        }
        actions={
          <ConfirmButton
            title={`Delete connection ${connection.name}?`}
            onConfirm={confirmDelete}
            description="People who sign in with it will no longer be able to, and the identities it holds are removed. This cannot be undone."
          >
            Delete connection
          </ConfirmButton>
        }
      />
      {params.get('created') ? (
        <StatusNotice>Connection created. {owner ? <Link to={back}>Back to the organization's authentication</Link> : null}</StatusNotice>
      ) : null}
      <ErrorNotice error={removeError} />
      <dl className="facts">
        <div>
          <dt>Type</dt>
          <dd>{strategyLabel(connection.strategy)}</dd>
        </div>
        <div>
          <dt>Name</dt>
          <dd>
            <code>{connection.name}</code>
          </dd>
        </div>
        <div>
          <dt>ID</dt>
          <dd>
            <code>{connection.id}</code>
          </dd>
        </div>
        <div>
          <dt>Organization</dt>
          <dd>{owner ? <OrganizationLink id={owner} /> : 'Shared by the tenant'}</dd>
        </div>
      </dl>
      {connection.strategy === 'samlp' ? <SamlSpSection connectionId={connection.id} /> : null}
      <Section title="Settings">
        <EditForm key={connection.id} connection={connection} onSaved={setConnection} />
      </Section>
      <ConnectionApplications key={`apps-${connection.id}`} connection={connection} onSaved={setConnection} />
      {isEnterprise(connection.strategy) ? <ProvisioningSection key={`scim-${connection.id}`} connection={connection} /> : null}
    </>
  );
}
