import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ConfirmButton } from '../ui/ConfirmButton';
import { ErrorNotice, StatusNotice } from '../ui/feedback';
import { useAction, useLoad } from '../ui/hooks';
import { PageHeader, Section } from '../ui/layout';
import { ListTable } from '../ui/ListTable';
import { methodLabel } from '../ui/MethodLabel';
import { type AuthenticationMethod, me, reauthenticateFor } from './api';
import { TotpEnrolment } from './TotpEnrolment';

const when = (iso?: string) => (iso ? new Date(iso).toLocaleString() : 'Never');

/** The person's sign-in methods: the list, removing one, adding an authenticator app. */
export function SecurityScreen() {
  const methods = useLoad('methods', async () =>
    (await me<{ authentication_methods: AuthenticationMethod[] }>('GET', '/authentication-methods')).authentication_methods.filter(
      (m) => m.confirmed,
    ),
  );
  const [params, setParams] = useSearchParams();
  const [status, setStatus] = useState('');
  const remove = useAction(async (m: AuthenticationMethod) => {
    try {
      await me('DELETE', `/authentication-methods/${encodeURIComponent(m.id)}`);
    } catch (error) {
      if (await reauthenticateFor(error, new URLSearchParams({ remove: m.id }).toString())) return false;
      throw error;
    }
    setStatus(`${methodLabel(m)} was removed.`);
    methods.reload();
    return true;
  });
  // Back from signing in again: the removal the person asked for waits for their confirmation.
  const pendingId = params.get('remove');
  const pending = pendingId ? methods.data?.find((m) => m.id === pendingId) : undefined;
  const clearPending = () => setParams({}, { replace: true });

  return (
    <>
      <PageHeader title="Security" description="How you sign in: your second factors and recovery codes." />
      <Section title="Sign-in methods">
        <StatusNotice>{status || null}</StatusNotice>
        <ErrorNotice error={remove.error} />
        <ListTable
          caption="Your sign-in methods"
          columns={['Method', 'Added', 'Last used', 'Actions']}
          items={methods.data}
          loading={methods.loading}
          error={methods.error}
          empty="You have no second factor yet. Add an authenticator app below."
          row={(m) => (
            <tr key={m.id}>
              <td>
                <strong>{methodLabel(m)}</strong>
              </td>
              <td>{when(m.created_at)}</td>
              <td>{when(m.last_auth_at)}</td>
              <td>
                <ConfirmButton
                  className="danger small"
                  label={`Remove ${methodLabel(m)}`}
                  title={`Remove ${methodLabel(m)}?`}
                  confirmLabel="Remove"
                  description="You will no longer be able to use it to sign in. If it was your last factor, your recovery codes go too."
                  onConfirm={async () => {
                    setStatus('');
                    await remove.run(m);
                  }}
                >
                  Remove
                </ConfirmButton>
              </td>
            </tr>
          )}
        />
        {pending ? (
          <FinishRemoval
            method={pending}
            onConfirm={async () => {
              clearPending();
              await remove.run(pending);
            }}
            onCancel={clearPending}
          />
        ) : null}
      </Section>
      <Section title="Add an authenticator app">
        <TotpEnrolment
          resume={params.get('add') === 'totp'}
          onResumed={clearPending}
          onEnrolled={() => {
            setStatus('Authenticator app added.');
            methods.reload();
          }}
        />
        <p className="hint">
          Passkeys and security keys are added at sign-in, when a second factor is asked for: choose “Use a passkey” or “Use a security key”
          there.
        </p>
      </Section>
    </>
  );
}

/** The confirmation of a removal asked for before signing in again, opened as the page comes back. */
function FinishRemoval({ method, onConfirm, onCancel }: { method: AuthenticationMethod; onConfirm(): Promise<void>; onCancel(): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
    cancel.current?.focus();
  }, []);
  return (
    <dialog ref={dialog} aria-labelledby="finish-removal-title" className="confirm" onClose={onCancel}>
      <h2 id="finish-removal-title">Remove {methodLabel(method)}?</h2>
      <p>You signed in again. Confirm to remove it; you will no longer be able to use it to sign in.</p>
      <div className="actions">
        <button type="button" ref={cancel} className="secondary" onClick={() => dialog.current?.close()}>
          Cancel
        </button>
        <button type="button" className="danger" onClick={() => void onConfirm()}>
          Remove
        </button>
      </div>
    </dialog>
  );
}
