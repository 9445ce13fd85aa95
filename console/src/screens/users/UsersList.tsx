import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { get } from '../../api/client';
import { TextField } from '../../ui/fields';
import { ListTable } from '../../ui/ListTable';
import { fieldError, useLoad } from '../../ui/hooks';
import { PageHeader, PagePager } from '../../ui/layout';
import { userPath, type UserPage } from './types';

const PER_PAGE = 25;

/** `/users?q=…&page=…`: search by email or name (Auth0's query syntax works too); the URL keeps the search. */
export default function UsersList() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const page = Number(params.get('page') ?? 0) || 0;
  const [text, setText] = useState(q);
  const list = useLoad(`users:${q}:${page}`, () => get<UserPage>('/users', { q, page, per_page: PER_PAGE, include_totals: true }));
  const search = (event: FormEvent) => {
    event.preventDefault();
    setParams(text.trim() ? { q: text.trim() } : {});
  };
  return (
    <>
      <PageHeader
        title="Users"
        actions={
          <>
            <Link className="button" to="/users/import">
              Import users
            </Link>
            <Link className="button" to="/users/new">
              Create user
            </Link>
          </>
        }
      />
      {/* biome-ignore lint/a11y/useSemanticElements: a form with role=search is the landmark every screen reader knows. */}
      <form className="form search" role="search" onSubmit={search}>
        <TextField
          label="Search users"
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          hint='An email, the start of a name, or a query such as email:"ana@example.com".'
          error={fieldError(list.error, 'q')}
        />
        <div className="actions">
          <button type="submit">Search</button>
        </div>
      </form>
      <ListTable
        caption={`Users${q ? ` matching ${q}` : ''}`}
        columns={['Email', 'Name', 'Connection', 'Logins']}
        items={list.data?.users}
        loading={list.loading}
        error={fieldError(list.error, 'q') ? undefined : list.error}
        empty={q ? 'No user matches this search.' : 'No users yet.'}
        row={(u) => (
          <tr key={u.user_id}>
            <td>
              <Link to={userPath(u.user_id)}>{u.email ?? u.user_id}</Link>
              {u.blocked ? (
                <>
                  {' '}
                  <span className="badge warn">Blocked</span>
                </>
              ) : null}
            </td>
            <td>{u.name ?? ''}</td>
            <td>{u.identities.map((i) => i.connection).join(', ')}</td>
            <td>{u.logins_count}</td>
          </tr>
        )}
      />
      {list.data ? (
        <PagePager
          page={page}
          perPage={PER_PAGE}
          total={list.data.total}
          onPage={(p) => setParams({ ...(q ? { q } : {}), ...(p ? { page: String(p) } : {}) })}
        />
      ) : null}
    </>
  );
}
