import type { ReactNode } from 'react';
import { Link, NavLink } from 'react-router';
import type { Checkpoints } from './paging';

export interface Crumb {
  label: string;
  to?: string;
}

/** A page's title, where it sits, and its main actions. */
export function PageHeader({
  title,
  crumbs = [],
  actions,
  description,
}: {
  title: ReactNode;
  crumbs?: Crumb[];
  actions?: ReactNode;
  description?: ReactNode;
}) {
  return (
    <header className="page-header">
      {crumbs.length ? (
        <nav aria-label="Breadcrumb" className="crumbs">
          <ol>
            {crumbs.map((c) => (
              <li key={c.label}>{c.to ? <Link to={c.to}>{c.label}</Link> : c.label}</li>
            ))}
          </ol>
        </nav>
      ) : null}
      <div className="title-row">
        <h1>{title}</h1>
        {actions ? <div className="actions">{actions}</div> : null}
      </div>
      {description ? <p className="description">{description}</p> : null}
    </header>
  );
}

/** Tabs that are links (each tab has its own URL), so back, reload and open-in-new-tab all work. */
export function TabLinks({ label, tabs }: { label: string; tabs: { to: string; label: string }[] }) {
  return (
    <nav aria-label={label} className="tabs">
      <ul>
        {tabs.map((t) => (
          <li key={t.to}>
            <NavLink to={t.to} end>
              {t.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** A titled block of a page. */
export function Section({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="section" aria-label={title}>
      <div className="section-head">
        <h2>{title}</h2>
        {actions ? <div className="actions">{actions}</div> : null}
      </div>
      {children}
    </section>
  );
}

/**
 * Checkpoint paging (`from` + `take`, Auth0's `next`): the API gives the next page's checkpoint, so
 * the pager keeps the trail of checkpoints it came through to go back.
 */
export function CheckpointPager({ pages, next }: { pages: Checkpoints; next: string | undefined }) {
  if (!pages.trail.length && !next) return null;
  return (
    <nav aria-label="Pages" className="pager">
      <button type="button" className="secondary small" onClick={pages.first} disabled={!pages.trail.length}>
        First page
      </button>
      <button type="button" className="secondary small" onClick={pages.previous} disabled={!pages.trail.length}>
        Previous page
      </button>
      <button type="button" className="secondary small" onClick={() => next && pages.next(next)} disabled={!next}>
        Next page
      </button>
    </nav>
  );
}

/** Offset paging (`page`, `per_page`, `include_totals`). */
export function PagePager({ page, perPage, total, onPage }: { page: number; perPage: number; total: number; onPage(page: number): void }) {
  const last = Math.max(0, Math.ceil(total / perPage) - 1);
  if (last === 0) return null;
  return (
    <nav aria-label="Pages" className="pager">
      <button type="button" className="secondary small" onClick={() => onPage(page - 1)} disabled={page === 0}>
        Previous page
      </button>
      <span>
        Page {page + 1} of {last + 1}
      </span>
      <button type="button" className="secondary small" onClick={() => onPage(page + 1)} disabled={page >= last}>
        Next page
      </button>
    </nav>
  );
}

/** A create form's buttons: submit, and the way back without saving. */
export function FormActions({ submit, pending, cancelTo }: { submit: string; pending: boolean; cancelTo: string }) {
  return (
    <div className="actions">
      <button type="submit" disabled={pending}>
        {submit}
      </button>
      <Link className="button secondary" to={cancelTo}>
        Cancel
      </Link>
    </div>
  );
}
