import { useNavigate, useParams } from 'react-router';
import { del, get } from '../../api/client';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { ErrorNotice, Loading } from '../../ui/feedback';
import { useAction, useLoad } from '../../ui/hooks';
import { PageHeader, Section } from '../../ui/layout';
import { ApiScopes } from './ApiScopes';
import { ApiSettings } from './ApiSettings';
import type { ResourceServer } from './types';

export default function ApiDetail() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const loaded = useLoad(`api:${id}`, () => get<ResourceServer>(`/resource-servers/${encodeURIComponent(id)}`));
  const remove = useAction(async () => {
    await del(`/resource-servers/${encodeURIComponent(id)}`);
    return true;
  });
  const api = loaded.data;
  const crumbs = [{ label: 'APIs', to: '/apis' }, { label: api?.name ?? id }];
  if (!api) {
    return (
      <>
        <PageHeader title="API" crumbs={crumbs} />
        <ErrorNotice error={loaded.error} />
        {loaded.loading ? <Loading /> : null}
      </>
    );
  }
  // The Management API is Gatehouse's own: its identifier and scopes follow the server, so the API refuses changes.
  const system = api.is_system;
  const reload = loaded.reload;
  return (
    <>
      <PageHeader
        title={api.name}
        crumbs={crumbs}
        description={
          <>
            Identifier (audience): <code>{api.identifier}</code>
          </>
        }
      />
      {system ? (
        <p className="notice">
          <span className="badge">System</span> This is Gatehouse&apos;s own Management API. Its settings and permissions are managed by
          Gatehouse and cannot be changed or deleted here.
        </p>
      ) : null}
      <Section title="Settings">
        {system ? (
          <dl className="facts">
            <dt>Name</dt>
            <dd>{api.name}</dd>
            <dt>Token lifetime</dt>
            <dd>{api.token_lifetime} seconds</dd>
            <dt>Signing algorithm</dt>
            <dd>{api.signing_alg}</dd>
          </dl>
        ) : (
          <ApiSettings key={api.id} api={api} onSaved={reload} />
        )}
      </Section>
      <Section title="Permissions">
        <ApiScopes api={api} readOnly={system} onSaved={reload} />
      </Section>
      {system ? null : (
        <Section title="Delete API">
          <p>Deleting the API also removes every application&apos;s grant for it. Tokens already issued stay valid until they expire.</p>
          <ErrorNotice error={remove.error} />
          <ConfirmButton
            title={`Delete API ${api.name}?`}
            confirmLabel="Delete API"
            description={
              <p>
                Applications will no longer get tokens for <code>{api.identifier}</code>. This cannot be undone.
              </p>
            }
            onConfirm={async () => {
              if (await remove.run()) navigate('/apis');
            }}
          >
            Delete API
          </ConfirmButton>
        </Section>
      )}
    </>
  );
}
