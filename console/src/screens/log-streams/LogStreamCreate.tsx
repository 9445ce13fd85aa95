import { Link, useNavigate } from 'react-router';
import { post } from '../../api/client';
import { useAction } from '../../ui/hooks';
import { PageHeader } from '../../ui/layout';
import { holdSecret } from '../applications/one-time-secret';
import { LogStreamForm, type StreamFormValues, streamBody } from './LogStreamForm';
import type { LogStreamWithSecret } from './types';
import './log-streams.css';

export default function LogStreamCreate() {
  const navigate = useNavigate();
  const create = useAction((values: StreamFormValues) => post<LogStreamWithSecret>('/log-streams', streamBody(values, false)));
  return (
    <>
      <PageHeader title="Create log stream" crumbs={[{ label: 'Log streams', to: '/log-streams' }, { label: 'Create log stream' }]} />
      <LogStreamForm
        submitLabel="Create log stream"
        error={create.error}
        pending={create.pending}
        onSubmit={async (values) => {
          const created = await create.run(values);
          if (!created) return;
          // The signing secret exists in this answer only: the detail screen shows it this once.
          if (created.sink.webhookSecret) holdSecret(created.id, created.sink.webhookSecret);
          navigate(`/log-streams/${created.id}`);
        }}
      >
        <Link className="button secondary" to="/log-streams">
          Cancel
        </Link>
      </LogStreamForm>
    </>
  );
}
