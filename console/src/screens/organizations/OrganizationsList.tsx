import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { get } from '../../api/client';
import { useLoad } from '../../ui/hooks';
import { useCheckpoints } from '../../ui/paging';
import { CheckpointPager, PageHeader } from '../../ui/layout';
import { Empty, ErrorNotice, Loading } from '../../ui/feedback';
import type { OrganizationPage } from './types';
import './organizations.css';

const PAGE_SIZE = 50;

export default function OrganizationsList() {
  const pages = useCheckpoints();
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');
  const list = useLoad(`organizations:${q}:${pages.from ?? ''}`, () => get<OrganizationPage>('/organizations', { q, from: pages.from, take: PAGE_SIZE }));
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
        actions={<Link className="button" to="/organizations/new">Create organization</Link>}
      />
      <form role="search" className="org-search" onSubmit={search}>
        <label htmlFor="org-search">Search organizations</label>
        <input id="org-search" type="search" value={draft} onChange={(e) => setDraft(e.target.value)} placeholder="Name or display name starts with…" maxLength={100} />
        <button type="submit" className="secondary">Search</button>
      </form>
      <ErrorNotice error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && list.data.organizations.length === 0 ? <Empty>{q ? `No organization's name or display name starts with “${q}”.` : 'No organizations yet.'}</Empty> : null}
      {list.data && list.data.organizations.length > 0 ? (
        <table className="table">
          <caption className="visually-hidden">Organizations</caption>
          <thead><tr><th scope="col">Display name</th><th scope="col">Name</th><th scope="col">ID</th></tr></thead>
          <tbody>
            {list.data.organizations.map((o) => (
              <tr key={o.id}>
                <td><Link to={`/organizations/${o.id}/overview`}>{o.display_name || o.name}</Link></td>
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
