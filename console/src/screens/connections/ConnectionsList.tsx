import { Link } from 'react-router';
import { useCheckpointList } from '../../ui/paging';
import { CheckpointPager, PageHeader } from '../../ui/layout';
import { ListTable } from '../../ui/ListTable';
import { OrganizationLink } from './OrganizationLink';
import { strategyLabel, type ConnectionPage } from './types';

/** Every connection: its type, its name, and the organization that owns it, if one does. */
export default function ConnectionsList() {
  const { list, pages } = useCheckpointList<ConnectionPage>('/connections');
  return (
    <>
      <PageHeader
        title="Connections"
        description="Where people sign in from: the password database, and your customers' identity providers."
        actions={
          <>
            <Link className="button secondary" to="/connections/profile">
              Connection profile
            </Link>
            <Link className="button" to="/connections/new">
              Create connection
            </Link>
          </>
        }
      />
      <ListTable
        caption="Connections"
        columns={['Name', 'Type', 'Organization']}
        items={list.data?.connections}
        loading={list.loading}
        error={list.error}
        empty="No connections yet."
        row={(c) => (
          <tr key={c.id}>
            <td>
              <Link to={`/connections/${c.id}`}>{c.display_name ?? c.name}</Link>
              {c.display_name ? <div className="hint">{c.name}</div> : null}
            </td>
            <td>{strategyLabel(c.strategy)}</td>
            <td>{c.organization_id ? <OrganizationLink id={c.organization_id} /> : <span className="hint">Shared</span>}</td>
          </tr>
        )}
      />
      <CheckpointPager pages={pages} next={list.data?.next} />
    </>
  );
}
