import { Outlet, useParams } from 'react-router';
import { get } from '../../api/client';
import { ErrorNotice, Loading } from '../../ui/feedback';
import { useLoad } from '../../ui/hooks';
import { PageHeader, TabLinks } from '../../ui/layout';
import { withoutSecret, type ApplicationContext } from './application-context';
import { systemRole } from './known-apps';
import { appTypeLabel, type ClientWithSecret } from './types';

/** An application's header and tabs; each tab is its own route and reads the application from here. */
export default function ApplicationLayout() {
  const { id = '' } = useParams();
  const loaded = useLoad(`application:${id}`, async () => withoutSecret(await get<ClientWithSecret>(`/clients/${encodeURIComponent(id)}`)));
  const client = loaded.data;
  const crumbs = [{ label: 'Applications', to: '/applications' }, { label: client?.name ?? id }];
  if (!client) {
    return (
      <>
        <PageHeader title="Application" crumbs={crumbs} />
        <ErrorNotice error={loaded.error} />
        {loaded.loading ? <Loading /> : null}
      </>
    );
  }
  const base = `/applications/${encodeURIComponent(client.client_id)}`;
  const role = systemRole(client);
  const context: ApplicationContext = { client, reload: loaded.reload };
  return (
    <>
      <PageHeader
        title={client.name}
        crumbs={crumbs}
        description={
          <>
            {appTypeLabel(client.app_type)}
            {role ? (
              <>
                {' '}
                · <span className="badge warn">{role.label}</span>
              </>
            ) : null}
          </>
        }
      />
      <TabLinks
        label="Application"
        tabs={[
          { to: base, label: 'Settings' },
          { to: `${base}/credentials`, label: 'Credentials' },
          { to: `${base}/organizations`, label: 'Organizations' },
          { to: `${base}/apis`, label: 'APIs' },
        ]}
      />
      <Outlet context={context} />
    </>
  );
}
