import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useCheckpointList } from '../../ui/paging';
import { CheckpointPager, PageHeader } from '../../ui/layout';
import { ListTable } from '../../ui/ListTable';
import type { OrganizationPage } from './types';
import './organizations.css';

export default function OrganizationsList() {
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');
  const { list, pages } = useCheckpointList<OrganizationPage>('/organizations', { q: q || undefined });
  const search = (event: FormEvent) => {
    event.preventDefault();
    pages.first();
    setQ(draft.trim());
  };
  return (
    <>
      <PageHeader
        title="Organizations"
        description="Your business customers. Each has its own members, connections and login page branding."
        actions={
          <Link className="button" to="/organizations/new">
            Create organization
          </Link>
        }
      />
      {/* biome-ignore lint/a11y/useSemanticElements: a form with role=search is the landmark every screen reader knows. */}
      <form role="search" className="org-search" onSubmit={search}>
        <label htmlFor="org-search">Search organizations</label>
        <input
          id="org-search"
          type="search"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          placeholder="Name or display name starts with…"
          maxLength={100}
        />
        <button type="submit" className="secondary">
          Search
        </button>
      </form>
      <ListTable
        caption="Organizations"
        columns={['Display name', 'Name', 'ID']}
        items={list.data?.organizations}
        loading={list.loading}
        error={list.error}
        empty={q ? `No organization's name or display name starts with “${q}”.` : 'No organizations yet.'}
        row={(o) => (
          <tr key={o.id}>
            <td>
              <Link to={`/organizations/${o.id}/overview`}>{o.display_name || o.name}</Link>
            </td>
            <td>{o.name}</td>
            <td>
              <code>{o.id}</code>
            </td>
          </tr>
        )}
      />
      <CheckpointPager pages={pages} next={list.data?.next} />
    </>
  );
}
