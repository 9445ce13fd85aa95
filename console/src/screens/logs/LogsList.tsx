import { type FormEvent, useState } from 'react';
import { useSearchParams } from 'react-router';
import { EVENT_TYPES } from '../../api/resources';
import { get, getAll } from '../../api/client';
import { SelectField, TextField } from '../../ui/fields';
import { ErrorNotice } from '../../ui/feedback';
import { fieldError, useLoad } from '../../ui/hooks';
import { PageHeader } from '../../ui/layout';
import { LogTable } from './LogTable';
import { type LogFilters, NO_FILTERS, logQuery } from './log-query';
import { type LogPage, PER_PAGE } from './types';

const TYPE_OPTIONS = [
  { value: '', label: 'Any type' },
  ...Object.entries(EVENT_TYPES).map(([code, type]) => ({ value: code, label: `${type.description} (${code})` })),
];

function filtersOf(params: URLSearchParams): LogFilters {
  return Object.fromEntries(Object.keys(NO_FILTERS).map((key) => [key, params.get(key) ?? ''])) as unknown as LogFilters;
}

/**
 * `/logs`: the audit log, newest first, filtered by type, user, organization, application and dates
 * (the filters become a `q`, and live in the URL so a filtered view can be reloaded and shared).
 */
export default function LogsList() {
  const [params, setParams] = useSearchParams();
  const applied = filtersOf(params);
  const page = Number(params.get('page') ?? 0) || 0;
  const [draft, setDraft] = useState<LogFilters>(applied);
  const q = logQuery(applied);
  const list = useLoad(`logs:${q}:${page}`, () => get<LogPage>('/logs', { q, page, per_page: PER_PAGE, include_totals: true }));
  const organizations = useLoad('organizations:all', () =>
    getAll<{ id: string; name: string; display_name?: string }>('/organizations', 'organizations'),
  );
  const applications = useLoad('clients:all', () => getAll<{ client_id: string; name: string }>('/clients', 'clients'));

  const show = (filters: LogFilters, at = 0) =>
    setParams(Object.fromEntries([...Object.entries(filters).filter(([, v]) => v), ...(at ? [['page', String(at)]] : [])]));
  const apply = (event: FormEvent) => {
    event.preventDefault();
    show(draft);
  };
  const clear = () => {
    setDraft(NO_FILTERS);
    show(NO_FILTERS);
  };
  const set = (key: keyof LogFilters) => (event: { target: { value: string } }) => setDraft({ ...draft, [key]: event.target.value });
  const queryError = fieldError(list.error, 'q');

  return (
    <>
      <PageHeader title="Logs" description="Every change and sign-in, newest first. Open an entry to see all of it." />
      <form className="log-filters" aria-label="Filter logs" onSubmit={apply}>
        <SelectField label="Type" value={draft.type} onChange={set('type')} options={TYPE_OPTIONS} />
        <TextField label="User ID" value={draft.user} onChange={set('user')} placeholder="auth0|…" autoComplete="off" />
        <SelectField
          label="Organization"
          value={draft.organization}
          onChange={set('organization')}
          options={[
            { value: '', label: 'Any organization' },
            ...(organizations.data ?? []).map((o) => ({ value: o.id, label: o.display_name ? `${o.display_name} (${o.name})` : o.name })),
          ]}
        />
        <SelectField
          label="Application"
          value={draft.application}
          onChange={set('application')}
          options={[
            { value: '', label: 'Any application' },
            ...(applications.data ?? []).map((c) => ({ value: c.client_id, label: c.name })),
          ]}
        />
        <TextField label="From" type="date" value={draft.since} onChange={set('since')} hint="First day included (UTC)." />
        <TextField label="To" type="date" value={draft.until} onChange={set('until')} hint="Last day included (UTC)." />
        <div className="actions">
          <button type="submit">Apply filters</button>
          <button type="button" className="secondary" onClick={clear}>
            Clear filters
          </button>
        </div>
      </form>
      <ErrorNotice error={organizations.error ?? applications.error ?? (queryError ? list.error : undefined)} />
      <LogTable
        caption={q ? `Log entries matching ${q}` : 'Log entries'}
        page={page}
        data={list.data}
        loading={list.loading}
        error={queryError ? undefined : list.error}
        empty={q ? 'No entry matches these filters.' : 'No entries yet.'}
        onPage={(p) => show(applied, p)}
      />
    </>
  );
}
