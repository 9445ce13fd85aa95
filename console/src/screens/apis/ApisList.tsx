import { Link } from 'react-router';
import { useCheckpointList } from '../../ui/paging';
import { CheckpointPager, PageHeader } from '../../ui/layout';
import { ListTable } from '../../ui/ListTable';
import type { ResourceServerPage } from './types';

export default function ApisList() {
  const { list, pages } = useCheckpointList<ResourceServerPage>('/resource-servers');
  return (
    <>
      <PageHeader
        title="APIs"
        description="The APIs your applications request access tokens for, and the permissions (scopes) each defines."
        actions={
          <Link className="button" to="/apis/new">
            Create API
          </Link>
        }
      />
      <ListTable
        caption="APIs"
        columns={['Name', 'Identifier (audience)', 'Permissions']}
        items={list.data?.resource_servers}
        loading={list.loading}
        error={list.error}
        empty="No APIs yet."
        row={(a) => (
          <tr key={a.id}>
            <td>
              <Link to={`/apis/${a.id}`}>{a.name}</Link>
              {a.is_system ? (
                <>
                  {' '}
                  <span className="badge">System</span>
                </>
              ) : null}
            </td>
            <td>
              <code>{a.identifier}</code>
            </td>
            <td>{a.scopes.length}</td>
          </tr>
        )}
      />
      <CheckpointPager pages={pages} next={list.data?.next} />
    </>
  );
}
