import { Link } from 'react-router';
import { ListTable } from '../../ui/ListTable';
import { PagePager } from '../../ui/layout';
import { userPath } from '../users/types';
import { type LogEntry, type LogPage, PER_PAGE, logPath, typeDescription } from './types';
import './logs.css';

interface Props {
  caption: string;
  page: number;
  data: LogPage | undefined;
  loading: boolean;
  error: Error | undefined;
  empty: string;
  onPage(page: number): void;
}

/** A page of log entries, each row opening the entry, with its pager. */
export function LogTable({ caption, page, data, loading, error, empty, onPage }: Props) {
  return (
    <>
      <ListTable
        caption={caption}
        className="log-table"
        columns={['Date', 'Type', 'Description', 'User', 'Application', 'Organization', 'Connection']}
        items={data?.logs}
        loading={loading}
        error={error}
        empty={empty}
        row={(entry) => <LogRow key={entry.log_id} entry={entry} />}
      />
      {data ? <PagePager page={page} perPage={PER_PAGE} total={data.total} onPage={onPage} /> : null}
    </>
  );
}

function LogRow({ entry }: { entry: LogEntry }) {
  const action = typeof entry.details.action === 'string' ? entry.details.action : undefined;
  return (
    <tr>
      <td>
        <Link to={logPath(entry.log_id)}>
          <time dateTime={entry.date}>{new Date(entry.date).toLocaleString()}</time>
        </Link>
      </td>
      <td>
        <code>{entry.type}</code> <span className="hint">{typeDescription(entry.type) ?? ''}</span>
        {action ? (
          <>
            {' '}
            <span className="hint">
              (<code>{action}</code>)
            </span>
          </>
        ) : null}
      </td>
      <td>{entry.description ?? ''}</td>
      <td>{entry.user_id ? <Link to={userPath(entry.user_id)}>{entry.user_name ?? entry.user_id}</Link> : (entry.user_name ?? '')}</td>
      <td>
        {entry.client_id ? (
          <Link to={`/applications/${encodeURIComponent(entry.client_id)}`}>{entry.client_name ?? entry.client_id}</Link>
        ) : null}
      </td>
      <td>
        {entry.organization_id ? (
          <Link to={`/organizations/${encodeURIComponent(entry.organization_id)}`}>{entry.organization_name ?? entry.organization_id}</Link>
        ) : null}
      </td>
      <td>{entry.connection ?? ''}</td>
    </tr>
  );
}
