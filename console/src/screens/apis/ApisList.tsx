import { Link } from 'react-router';
import { get } from '../../api/client';
import { useLoad } from '../../ui/hooks';
import { useCheckpoints } from '../../ui/paging';
import { CheckpointPager, PageHeader } from '../../ui/layout';
import { Empty, ErrorNotice, Loading } from '../../ui/feedback';
import type { ResourceServerPage } from './types';

const PAGE_SIZE = 50;

export default function ApisList() {
  const pages = useCheckpoints();
  const list = useLoad(`apis:${pages.from ?? ''}`, () => get<ResourceServerPage>('/resource-servers', { from: pages.from, take: PAGE_SIZE }));
  return (
    <>
      <PageHeader
        title="APIs"
        description="The APIs your applications request access tokens for, and the permissions (scopes) each defines."
        actions={<Link className="button" to="/apis/new">Create API</Link>}
      />
      <ErrorNotice error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && list.data.resource_servers.length === 0 ? <Empty>No APIs yet.</Empty> : null}
      {list.data && list.data.resource_servers.length > 0 ? (
        <table className="table">
          <caption className="visually-hidden">APIs</caption>
          <thead><tr><th scope="col">Name</th><th scope="col">Identifier (audience)</th><th scope="col">Permissions</th></tr></thead>
          <tbody>
            {list.data.resource_servers.map((a) => (
              <tr key={a.id}>
                <td>
                  <Link to={`/apis/${a.id}`}>{a.name}</Link>
                  {a.is_system ? <> <span className="badge">System</span></> : null}
                </td>
                <td><code>{a.identifier}</code></td>
                <td>{a.scopes.length}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <CheckpointPager trail={pages.trail} next={list.data?.next} onFirst={pages.first} onPrevious={pages.previous} onNext={pages.next} />
    </>
  );
}
