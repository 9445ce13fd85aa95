import { Link } from 'react-router';
import { get } from '../../api/client';
import { useLoad } from '../../ui/hooks';
import { useCheckpoints } from '../../ui/paging';
import { CheckpointPager, PageHeader } from '../../ui/layout';
import { Empty, ErrorNotice, Loading } from '../../ui/feedback';
import { OrganizationLink } from './OrganizationLink';
import { strategyLabel, type ConnectionPage } from './types';

const PAGE_SIZE = 50;

/** Every connection: its type, its name, and the organization that owns it, if one does. */
export default function ConnectionsList() {
  const pages = useCheckpoints();
  const list = useLoad(`connections:${pages.from ?? ''}`, () => get<ConnectionPage>('/connections', { take: PAGE_SIZE, from: pages.from }));
  return (
    <>
      <PageHeader title="Connections" description="Where people sign in from: the password database, and your customers' identity providers."
        actions={<Link className="button" to="/connections/new">Create connection</Link>} />
      <ErrorNotice error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && list.data.connections.length === 0 ? <Empty>No connections yet.</Empty> : null}
      {list.data && list.data.connections.length > 0 ? (
        <table className="table">
          <caption className="visually-hidden">Connections</caption>
          <thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Organization</th></tr></thead>
          <tbody>
            {list.data.connections.map((c) => (
              <tr key={c.id}>
                <td><Link to={`/connections/${c.id}`}>{c.display_name ?? c.name}</Link>{c.display_name ? <div className="hint">{c.name}</div> : null}</td>
                <td>{strategyLabel(c.strategy)}</td>
                <td>{c.organization_id ? <OrganizationLink id={c.organization_id} /> : <span className="hint">Shared</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <CheckpointPager trail={pages.trail} next={list.data?.next} onFirst={pages.first} onPrevious={pages.previous} onNext={pages.next} />
    </>
  );
}
