import { useEffect, useId, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { get, getAll, postForm } from '../../api/client';
import { CheckboxField, SelectField, TextField } from '../../ui/fields';
import { ErrorNotice, Loading } from '../../ui/feedback';
import { fieldError, formLevelError, useAction, useLoad } from '../../ui/hooks';
import { PageHeader, Section } from '../../ui/layout';
import { ListTable } from '../../ui/ListTable';
import './users.css';

interface ImportJob {
  id: string;
  status: 'pending' | 'processing' | 'completed' | 'failed';
  connection_id?: string;
  external_id?: string;
  status_details?: string;
  summary?: { inserted: number; updated: number; failed: number; total: number };
  percentage_done?: number;
  time_left_seconds?: number;
}

interface RowErrors {
  user: Record<string, unknown> | null;
  errors: { code: string; message: string; path: string }[];
}

const FIELDS = ['connection_id', 'users', 'upsert', 'external_id', 'send_completion_email'];
/** How often a running job is read again. */
const POLL_MS = 1000;
const finished = (job: ImportJob | undefined) => job?.status === 'completed' || job?.status === 'failed';

/** Which user a refused row was: its email, else its user_id, else its JSON. */
function rowName(user: RowErrors['user']): string {
  if (user && typeof user.email === 'string') return user.email;
  if (user && typeof user.user_id === 'string') return user.user_id;
  return JSON.stringify(user);
}

/** One sentence for the live region: screen readers hear the progress as it changes. */
function progressText(job: ImportJob): string {
  const s = job.summary;
  const counts = s ? ` ${s.inserted} inserted, ${s.updated} updated, ${s.failed} failed of ${s.total}.` : '';
  if (job.status === 'pending') return 'Waiting to start.';
  if (job.status === 'processing') {
    const left = job.time_left_seconds === undefined ? '' : `, about ${job.time_left_seconds} s left`;
    return `Importing: ${job.percentage_done ?? 0}% done${left}.${counts}`;
  }
  if (job.status === 'completed') return `Completed.${counts}`;
  return `Failed${job.status_details ? `: ${job.status_details}` : ''}.${counts}`;
}

/** The job of `?job=`: read every second until it ends, then its refused rows. */
function JobProgress({ id }: { id: string }) {
  const [job, setJob] = useState<ImportJob>();
  const [error, setError] = useState<Error>();
  const progressId = useId();
  useEffect(() => {
    let current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setJob(undefined);
    setError(undefined);
    const poll = async () => {
      try {
        const next = await get<ImportJob>(`/jobs/${encodeURIComponent(id)}`);
        if (!current) return;
        setJob(next);
        if (!finished(next)) timer = setTimeout(poll, POLL_MS);
      } catch (caught) {
        if (current) setError(caught instanceof Error ? caught : new Error(String(caught)));
      }
    };
    void poll();
    return () => {
      current = false;
      if (timer) clearTimeout(timer);
    };
  }, [id]);
  const errors = useLoad(finished(job) ? `import-errors:${id}` : null, () => get<RowErrors[]>(`/jobs/${encodeURIComponent(id)}/errors`));
  const percent = job?.percentage_done ?? 0;
  return (
    <Section title="Import job">
      <ErrorNotice error={error} />
      {!job && !error ? <Loading label="Loading the job…" /> : null}
      {job ? (
        <>
          <p>
            Job <code>{job.id}</code>
            {job.external_id ? (
              <>
                {' '}
                (<span>{job.external_id}</span>)
              </>
            ) : null}
          </p>
          <div className="import-progress">
            <label htmlFor={progressId}>Progress</label>
            <progress id={progressId} max={100} value={percent}>
              {percent}%
            </progress>
          </div>
          {/* Polite: each new reading is announced once the reader is idle, not on every tick. */}
          <p role="status" aria-live="polite" className="import-status">
            {progressText(job)}
          </p>
        </>
      ) : null}
      {finished(job) ? (
        <>
          <h3>Refused rows</h3>
          <ListTable
            caption="Rows the import refused, in file order"
            columns={['Row', 'Property', 'Rule', 'Code']}
            items={errors.data?.flatMap((e, i) => e.errors.map((x, j) => ({ key: `${i}-${j}`, user: e.user, ...x })))}
            loading={errors.loading}
            error={errors.error}
            empty="No row was refused."
            row={(e) => (
              <tr key={e.key}>
                <td>{rowName(e.user)}</td>
                <td>{e.path ? <code>{e.path}</code> : '(the row)'}</td>
                <td>{e.message}</td>
                <td>
                  <code>{e.code}</code>
                </td>
              </tr>
            )}
          />
        </>
      ) : null}
    </Section>
  );
}

/** `/users/import[?job=…]`: upload a users file (Auth0's import format) into a database connection, and follow the job. */
export default function ImportUsers() {
  const [params, setParams] = useSearchParams();
  const jobId = params.get('job');
  const databases = useLoad('database-connections', () =>
    getAll<{ id: string; name: string }>('/connections', 'connections', { strategy: 'auth0' }),
  );
  const [file, setFile] = useState<File>();
  const [form, setForm] = useState({ connection: '', upsert: false, externalId: '', email: false });
  const connection = form.connection || databases.data?.[0]?.id || '';
  const start = useAction(async () => {
    const body = new FormData();
    if (file) body.append('users', file, file.name);
    body.append('connection_id', connection);
    body.append('upsert', String(form.upsert));
    body.append('send_completion_email', String(form.email));
    if (form.externalId.trim()) body.append('external_id', form.externalId.trim());
    return postForm<ImportJob>('/jobs/users-imports', body);
  });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const job = await start.run();
    if (job) setParams({ job: job.id });
  };
  return (
    <>
      <PageHeader
        title="Import users"
        crumbs={[{ label: 'Users', to: '/users' }]}
        description={
          <>
            A JSON array of users in Auth0&apos;s import format, with their password hashes, into a database connection. Bad rows are
            listed; the others are imported.
          </>
        }
      />
      <form className="form" onSubmit={submit} noValidate>
        <ErrorNotice error={formLevelError(start.error, FIELDS) ?? databases.error} />
        <SelectField
          label="Connection"
          value={connection}
          onChange={(e) => setForm({ ...form, connection: e.target.value })}
          options={(databases.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          error={fieldError(start.error, 'connection_id')}
        />
        <TextField
          label="Users file"
          type="file"
          accept="application/json,.json"
          required
          onChange={(e) => setFile(e.target.files?.[0])}
          hint="A JSON array, up to the server's import size limit."
          error={fieldError(start.error, 'users')}
        />
        <CheckboxField
          label="Update users that already exist (upsert)"
          checked={form.upsert}
          onChange={(e) => setForm({ ...form, upsert: e.target.checked })}
          error={fieldError(start.error, 'upsert')}
        />
        <TextField
          label="External id"
          value={form.externalId}
          onChange={(e) => setForm({ ...form, externalId: e.target.value })}
          hint="Optional: your own name for this import, shown with the job."
          error={fieldError(start.error, 'external_id')}
        />
        <CheckboxField
          label="Email the tenant's administrators when the job ends"
          checked={form.email}
          onChange={(e) => setForm({ ...form, email: e.target.checked })}
          error={fieldError(start.error, 'send_completion_email')}
        />
        <div className="actions">
          <button type="submit" disabled={start.pending || !connection}>
            Start import
          </button>
          <Link to="/users">Cancel</Link>
        </div>
      </form>
      {jobId ? <JobProgress id={jobId} /> : null}
    </>
  );
}
