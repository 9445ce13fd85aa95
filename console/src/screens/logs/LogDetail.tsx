import { Link, useParams } from 'react-router';
import { get } from '../../api/client';
import { LOG_FIELDS } from '../../api/resources';
import { ErrorNotice, Loading } from '../../ui/feedback';
import { useLoad } from '../../ui/hooks';
import { PageHeader, Section } from '../../ui/layout';
import { userPath } from '../users/types';
import { type LogEntry, typeDescription } from './types';
import './logs.css';

/** Where a field's value leads in the console, when it names something the console shows. */
function linkOf(field: string, entry: LogEntry): string | undefined {
  if (field === 'user_id' && entry.user_id) return userPath(entry.user_id);
  if (field === 'client_id' && entry.client_id) return `/applications/${encodeURIComponent(entry.client_id)}`;
  if (field === 'organization_id' && entry.organization_id) return `/organizations/${encodeURIComponent(entry.organization_id)}`;
  if (field === 'connection_id' && entry.connection_id) return `/connections/${encodeURIComponent(entry.connection_id)}`;
  return undefined;
}

/** `/logs/:id`: every field of one entry, and its details as JSON. */
export default function LogDetail() {
  const { id = '' } = useParams();
  const loaded = useLoad(`log:${id}`, () => get<LogEntry>(`/logs/${encodeURIComponent(id)}`));
  const entry = loaded.data;
  const crumbs = [{ label: 'Logs', to: '/logs' }];
  if (loaded.error)
    return (
      <>
        <PageHeader title="Log entry" crumbs={crumbs} />
        <ErrorNotice error={loaded.error} />
      </>
    );
  if (!entry) return <Loading />;
  const shown = LOG_FIELDS.filter((field) => field !== 'details' && entry[field] !== undefined);
  return (
    <>
      <PageHeader
        title={typeDescription(entry.type) ?? entry.type}
        crumbs={crumbs}
        description={
          <>
            Log ID <code>{entry.log_id}</code> · <time dateTime={entry.date}>{new Date(entry.date).toLocaleString()}</time>
          </>
        }
      />
      <Section title="Fields">
        <dl className="facts">
          {shown.map((field) => {
            const value = String(entry[field]);
            const to = linkOf(field, entry);
            return (
              <div key={field}>
                <dt>
                  <code>{field}</code>
                </dt>
                <dd>{to ? <Link to={to}>{value}</Link> : value}</dd>
              </div>
            );
          })}
        </dl>
      </Section>
      <Section title="Details">
        <pre className="log-json">{JSON.stringify(entry.details, null, 2)}</pre>
      </Section>
    </>
  );
}
