import { useState } from 'react';
import { Link } from 'react-router';
import { get } from '../../api/client';
import { useLoad } from '../../ui/hooks';
import { PageHeader, PagePager } from '../../ui/layout';
import { ListTable } from '../../ui/ListTable';
import { TextField } from '../../ui/fields';
import type { RolePage } from './types';

const PAGE_SIZE = 50;

export default function RolesList() {
  const [page, setPage] = useState(0);
  const [filter, setFilter] = useState('');
  const list = useLoad(`roles:${page}:${filter}`, () =>
    get<RolePage>('/roles', { page, per_page: PAGE_SIZE, include_totals: true, name_filter: filter.trim() || undefined }),
  );
  return (
    <>
      <PageHeader
        title="Roles"
        description="Named sets of API permissions that users receive, in the tenant or within an organization."
        actions={
          <Link className="button" to="/roles/new">
            Create role
          </Link>
        }
      />
      <div className="form">
        <TextField
          label="Search by name"
          type="search"
          value={filter}
          onChange={(e) => {
            setFilter(e.target.value);
            setPage(0);
          }}
        />
      </div>
      <ListTable
        caption="Roles"
        columns={['Name', 'Description', 'ID']}
        items={list.data?.roles}
        className="roles-table"
        loading={list.loading}
        error={list.error}
        empty={filter ? 'No role matches.' : 'No roles yet.'}
        row={(r) => (
          <tr key={r.id}>
            <td>
              <Link to={`/roles/${r.id}`}>{r.name}</Link>
            </td>
            <td>{r.description}</td>
            <td>
              <code>{r.id}</code>
            </td>
          </tr>
        )}
      />
      {list.data ? <PagePager page={page} perPage={PAGE_SIZE} total={list.data.total} onPage={setPage} /> : null}
    </>
  );
}
