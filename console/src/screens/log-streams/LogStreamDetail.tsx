import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { del, get, patch, post } from '../../api/client';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { CopyButton } from '../../ui/CopyButton';
import { ErrorNotice, Loading, StatusNotice } from '../../ui/feedback';
import { useAction, useLoad } from '../../ui/hooks';
import { PageHeader, Section } from '../../ui/layout';
import { forgetSecret, peekSecret } from '../applications/one-time-secret';
import { deliverySummary, StatusBadge, when } from './delivery-status';
import { LogStreamForm, type StreamFormValues, streamBody } from './LogStreamForm';
import { useRefresh } from './use-refresh';
import type { LogStream, LogStreamWithSecret } from './types';
import './log-streams.css';

/** A webhook stream's signing secret: shown right after creation or rotation, never otherwise. */
function SigningSecret({ stream }: { stream: LogStream }) {
  const [secret, setSecret] = useState(() => peekSecret(stream.id));
  // Shown for this visit only: leaving or reloading the page loses it for good.
  useEffect(() => forgetSecret(stream.id), [stream.id]);
  const rotate = useAction(() => post<LogStreamWithSecret>(`/log-streams/${encodeURIComponent(stream.id)}/rotate-secret`));
  return (
    <Section title="Signing secret">
      {secret ? (
        <div className="secret one-time-secret" role="status">
          <p>
            <strong>Copy this signing secret now.</strong> It is shown only this once. Receivers verify each delivery with it (the
            webhook-signature header, per Standard Webhooks).
          </p>
          <div className="secret-value">
            <span className="visually-hidden">Signing secret: </span>
            <code className="webhook-secret">{secret}</code>
            <CopyButton value={secret} label="Copy signing secret" />
          </div>
        </div>
      ) : (
        <p>The signing secret is not shown again after it is made. If it was lost or leaked, rotate it.</p>
      )}
      <ErrorNotice error={rotate.error} />
      <ConfirmButton
        title="Rotate the signing secret?"
        confirmLabel="Rotate secret"
        description={<p>Deliveries are signed with the new secret at once: receivers reject them until they are given it.</p>}
        onConfirm={async () => {
          const rotated = await rotate.run();
          if (rotated?.sink.webhookSecret) setSecret(rotated.sink.webhookSecret);
        }}
      >
        Rotate secret
      </ConfirmButton>
    </Section>
  );
}

export default function LogStreamDetail() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const path = `/log-streams/${encodeURIComponent(id)}`;
  const loaded = useLoad(`log-stream:${id}`, () => get<LogStream>(path));
  useRefresh(loaded.reload);
  const [saved, setSaved] = useState<string>();
  const save = useAction((values: StreamFormValues) => patch<LogStream>(path, streamBody(values, true)));
  const setStatus = useAction((status: 'active' | 'paused') => patch<LogStream>(path, { status }));
  const remove = useAction(async () => {
    await del(path);
    return true;
  });
  const stream = loaded.data;
  const crumbs = [{ label: 'Log streams', to: '/log-streams' }, { label: stream?.name ?? id }];
  if (!stream) {
    return (
      <>
        <PageHeader title="Log stream" crumbs={crumbs} />
        <ErrorNotice error={loaded.error} />
        {loaded.loading ? <Loading /> : null}
      </>
    );
  }
  const changeStatus = async (status: 'active' | 'paused') => {
    setSaved(undefined);
    if (await setStatus.run(status)) {
      setSaved(status === 'active' ? 'Log stream resumed.' : 'Log stream paused.');
      loaded.reload();
    }
  };
  const { delivery } = stream;
  return (
    <>
      <PageHeader
        title={stream.name}
        crumbs={crumbs}
        description={stream.type === 'webhook' ? 'Standard Webhooks: one signed request per event.' : 'Custom webhook in Auth0’s format.'}
      />
      <StatusNotice>{saved}</StatusNotice>
      <Section
        title="Delivery"
        actions={
          stream.status === 'active' ? (
            <button type="button" className="secondary" onClick={() => changeStatus('paused')} disabled={setStatus.pending}>
              Pause
            </button>
          ) : (
            <button type="button" onClick={() => changeStatus('active')} disabled={setStatus.pending}>
              Resume
            </button>
          )
        }
      >
        <ErrorNotice error={setStatus.error} />
        <p className="delivery-summary">
          <StatusBadge stream={stream} /> {deliverySummary(stream)}
        </p>
        <dl className="facts">
          <dt>Delivered up to</dt>
          <dd>
            <code>{delivery.cursor}</code>
          </dd>
          <dt>Events to look at</dt>
          <dd>{delivery.lag}</dd>
          <dt>Consecutive failures</dt>
          <dd>{delivery.failures}</dd>
          <dt>Last error</dt>
          <dd className="last-error">{delivery.last_error ?? 'none'}</dd>
          <dt>Last attempt</dt>
          <dd>{when(delivery.last_attempt_at)}</dd>
          <dt>Last delivered</dt>
          <dd>{when(delivery.last_success_at)}</dd>
          {delivery.next_attempt_at ? (
            <>
              <dt>Next attempt</dt>
              <dd>{when(delivery.next_attempt_at)}</dd>
            </>
          ) : null}
        </dl>
      </Section>
      {stream.type === 'webhook' ? <SigningSecret stream={stream} /> : null}
      <Section title="Settings">
        <LogStreamForm
          key={stream.id}
          stream={stream}
          submitLabel="Save log stream"
          error={save.error}
          pending={save.pending}
          onSubmit={async (values) => {
            setSaved(undefined);
            if (await save.run(values)) {
              setSaved('Log stream saved.');
              loaded.reload();
            }
          }}
        />
      </Section>
      <Section title="Delete log stream">
        <p>Nothing more is sent to this endpoint. Events stay in the log.</p>
        <ErrorNotice error={remove.error} />
        <ConfirmButton
          title={`Delete log stream ${stream.name}?`}
          confirmLabel="Delete log stream"
          description={<p>Delivery stops at once. This cannot be undone.</p>}
          onConfirm={async () => {
            if (await remove.run()) navigate('/log-streams');
          }}
        >
          Delete log stream
        </ConfirmButton>
      </Section>
    </>
  );
}
