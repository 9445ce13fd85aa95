import { Link } from 'react-router';
import { get } from '../../api/client';
import { useLoad } from '../../ui/hooks';
import { useCheckpoints } from '../../ui/paging';
import { CheckpointPager, PageHeader } from '../../ui/layout';
import { Empty, ErrorNotice, Loading } from '../../ui/feedback';
import type { OrganizationPage } from './types';

const PAGE_SIZE = 50;

export default function OrganizationsList() {
  const pages = useCheckpoints();
  const list = useLoad(`organizations:${pages.from ?? ''}`, () => get<OrganizationPage>('/organizations', { from: pages.from, take: PAGE_SIZE }));
  return (
    <>
      <PageHeader
        title="Organizations"
        description="Your business customers. Each has its own members, connections and login page branding."
        actions={<Link className="button" to="/organizations/new">Create organization</Link>}
      />
      <ErrorNotice error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && list.data.organizations.length === 0 ? <Empty>No organizations yet.</Empty> : null}
      {list.data && list.data.organizations.length > 0 ? (
        <table className="table">
          <caption className="visually-hidden">Organizations</caption>
          <thead><tr><th scope="col">Display name</th><th scope="col">Name</th><th scope="col">ID</th></tr></thead>
          <tbody>
            {list.data.organizations.map((o) => (
              <tr key={o.id}>
                <td><Link to={`/organizations/${o.id}`}>{o.display_name || o.name}</Link></td>
                <td>{o.name}</td>
                <td><code>{o.id}</code></td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <CheckpointPager trail={pages.trail} next={list.data?.next} onFirst={pages.first} onPrevious={pages.previous} onNext={pages.next} />
    </>
  );
}
