import { useOutletContext, useSearchParams } from 'react-router';
import { get } from '../../api/client';
import { useLoad } from '../../ui/hooks';
import { Section } from '../../ui/layout';
import { LogTable } from '../logs/LogTable';
import { quote } from '../logs/log-query';
import { type LogPage, PER_PAGE } from '../logs/types';
import type { OrganizationContext } from './types';

/** The organization's log entries, newest first: `GET /logs?q=organization_id:"…"`. */
export default function LogsTab() {
  const { organization: org } = useOutletContext<OrganizationContext>();
  const [params, setParams] = useSearchParams();
  const page = Number(params.get('page') ?? 0) || 0;
  const q = `organization_id:${quote(org.id)}`;
  const list = useLoad(`org-logs:${org.id}:${page}`, () => get<LogPage>('/logs', { q, page, per_page: PER_PAGE, include_totals: true }));
  return (
    <Section title="Logs">
      <LogTable
        caption={`Log entries of ${org.display_name || org.name}`}
        page={page}
        data={list.data}
        loading={list.loading}
        error={list.error}
        empty="No log entries about this organization yet."
        onPage={(p) => setParams(p ? { page: String(p) } : {})}
      />
    </Section>
  );
}
