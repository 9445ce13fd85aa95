import { Link } from 'react-router';
import { get } from '../../api/client';
import { useLoad } from '../../ui/hooks';
import { useCheckpoints } from '../../ui/paging';
import { CheckpointPager, PageHeader } from '../../ui/layout';
import { Empty, ErrorNotice, Loading } from '../../ui/feedback';
import { systemRole } from './known-apps';
import { appTypeLabel, type ClientPage } from './types';

const PAGE_SIZE = 50;

export default function ApplicationsList() {
  const pages = useCheckpoints();
  const list = useLoad(`applications:${pages.from ?? ''}`, () => get<ClientPage>('/clients', { from: pages.from, take: PAGE_SIZE }));
  return (
    <>
      <PageHeader
        title="Applications"
        description="The web apps, single-page apps, native apps and services that sign users in or call your APIs."
        actions={<Link className="button" to="/applications/new">Create application</Link>}
      />
      <ErrorNotice error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && list.data.clients.length === 0 ? <Empty>No applications yet.</Empty> : null}
      {list.data && list.data.clients.length > 0 ? (
        <table className="table">
          <caption className="visually-hidden">Applications</caption>
          <thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Client ID</th></tr></thead>
          <tbody>
            {list.data.clients.map((c) => {
              const role = systemRole(c);
              return (
                <tr key={c.client_id}>
                  <td>
                    <Link to={`/applications/${encodeURIComponent(c.client_id)}`}>{c.name}</Link>
                    {role ? <> <span className="badge warn">{role.label}</span></> : null}
                  </td>
                  <td>{appTypeLabel(c.app_type)}</td>
                  <td><code>{c.client_id}</code></td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      <CheckpointPager trail={pages.trail} next={list.data?.next} onFirst={pages.first} onPrevious={pages.previous} onNext={pages.next} />
    </>
  );
}
