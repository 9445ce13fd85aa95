import { useEffect, useState } from 'react';
import { Outlet, useParams } from 'react-router';
import { get } from '../../api/client';
import { useLoad } from '../../ui/hooks';
import { ErrorNotice, Loading } from '../../ui/feedback';
import { PageHeader, TabLinks } from '../../ui/layout';
import type { Organization, OrganizationContext } from './types';
import './organizations.css';

/** The organization's header and tabs; each tab is a child route that gets the organization. */
export default function OrganizationDetail() {
  const { id = '' } = useParams();
  const loaded = useLoad(`organization:${id}`, () => get<Organization>(`/organizations/${encodeURIComponent(id)}`));
  const [organization, setOrganization] = useState<Organization>();
  useEffect(() => {
    setOrganization(loaded.data);
  }, [loaded.data]);
  const base = `/organizations/${id}`;
  const title = organization ? organization.display_name || organization.name : 'Organization';
  return (
    <>
      <PageHeader
        title={title}
        crumbs={[{ label: 'Organizations', to: '/organizations' }, { label: title }]}
        description={
          organization ? (
            <>
              Name <code>{organization.name}</code> · ID <code>{organization.id}</code>
            </>
          ) : undefined
        }
      />
      <ErrorNotice error={loaded.error} />
      {loaded.loading && !organization ? <Loading /> : null}
      {organization ? (
        <>
          <TabLinks
            label="Organization"
            tabs={[
              { to: `${base}/overview`, label: 'Overview' },
              { to: `${base}/authentication`, label: 'Authentication' },
              { to: `${base}/members`, label: 'Members' },
              { to: `${base}/invitations`, label: 'Invitations' },
              { to: `${base}/domains`, label: 'Domains' },
              { to: `${base}/policies`, label: 'Policies' },
              { to: `${base}/logs`, label: 'Logs' },
            ]}
          />
          <Outlet context={{ organization, setOrganization } satisfies OrganizationContext} />
        </>
      ) : null}
    </>
  );
}
