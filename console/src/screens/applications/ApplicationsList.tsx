import { Link } from 'react-router';
import { useCheckpointList } from '../../ui/paging';
import { CheckpointPager, PageHeader } from '../../ui/layout';
import { ListTable } from '../../ui/ListTable';
import { systemRole } from './known-apps';
import { appTypeLabel, type ClientPage } from './types';

export default function ApplicationsList() {
  const { list, pages } = useCheckpointList<ClientPage>('/clients');
  return (
    <>
      <PageHeader
        title="Applications"
        description="The web apps, single-page apps, native apps and services that sign users in or call your APIs."
        actions={
          <Link className="button" to="/applications/new">
            Create application
          </Link>
        }
      />
      <ListTable
        caption="Applications"
        columns={['Name', 'Type', 'Client ID']}
        items={list.data?.clients}
        loading={list.loading}
        error={list.error}
        empty="No applications yet."
        row={(c) => {
          const role = systemRole(c);
          return (
            <tr key={c.client_id}>
              <td>
                <Link to={`/applications/${encodeURIComponent(c.client_id)}`}>{c.name}</Link>
                {role ? (
                  <>
                    {' '}
                    <span className="badge warn">{role.label}</span>
                  </>
                ) : null}
              </td>
              <td>{appTypeLabel(c.app_type)}</td>
              <td>
                <code>{c.client_id}</code>
              </td>
            </tr>
          );
        }}
      />
      <CheckpointPager pages={pages} next={list.data?.next} />
    </>
  );
}
