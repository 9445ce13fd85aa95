import { Link } from 'react-router';
import { get } from '../../api/client';
import { useLoad } from '../../ui/hooks';
import { PageHeader } from '../../ui/layout';
import { ListTable } from '../../ui/ListTable';
import { deliverySummary, StatusBadge, when } from './delivery-status';
import { useRefresh } from './use-refresh';
import type { LogStream } from './types';
import './log-streams.css';

const TYPE_LABELS = { http: 'Custom webhook', webhook: 'Standard Webhooks' } as const;

export default function LogStreamsList() {
  const list = useLoad('log-streams', () => get<LogStream[]>('/log-streams'));
  useRefresh(list.reload);
  return (
    <>
      <PageHeader
        title="Log streams"
        description="Send every sign-in and change to your own systems as it happens: a SIEM, a data warehouse, a webhook of yours."
        actions={
          <Link className="button" to="/log-streams/new">
            Create log stream
          </Link>
        }
      />
      <ListTable
        caption="Log streams"
        columns={['Name', 'Type', 'Status', 'Delivery', 'Last delivered']}
        items={list.data}
        className="log-streams-table"
        loading={list.loading}
        error={list.error}
        empty="No log streams yet."
        row={(s) => (
          <tr key={s.id}>
            <td>
              <Link to={`/log-streams/${s.id}`}>{s.name}</Link>
            </td>
            <td>{TYPE_LABELS[s.type]}</td>
            <td>
              <StatusBadge stream={s} />
            </td>
            <td className="delivery-summary">{deliverySummary(s)}</td>
            <td>{when(s.delivery.last_success_at)}</td>
          </tr>
        )}
      />
    </>
  );
}
