import { useState } from 'react';
import { useParams } from 'react-router';
import { del, get, getAll, post } from '../../api/client';
import type { AuthenticationMethod } from '../../api/resources';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { Empty, ErrorNotice, Loading, StatusNotice } from '../../ui/feedback';
import { useAction, useLoad } from '../../ui/hooks';
import { PageHeader, Section } from '../../ui/layout';
import { methodLabel } from '../../ui/MethodLabel';
import { UserTabs } from './UserTabs';
import { type User, userPath } from './types';

const when = (iso?: string) => (iso ? new Date(iso).toLocaleString() : '—');

/** `/users/:id/authentication-methods`: the user's second factors; remove one or all, forget remembered browsers. */
export default function UserAuthenticationMethods() {
  const { id = '' } = useParams();
  const user = useLoad(id, () => get<User>(userPath(id)));
  const methods = useLoad(`methods:${id}`, () => getAll<AuthenticationMethod>(userPath(id, '/authentication-methods'), 'authenticators'));
  const [status, setStatus] = useState('');
  const remove = useAction(async (m: AuthenticationMethod) => {
    await del(userPath(id, `/authentication-methods/${encodeURIComponent(m.id)}`));
    return true;
  });
  const removeAll = useAction(async () => {
    await del(userPath(id, '/authentication-methods'));
    return true;
  });
  const forget = useAction(async () => {
    await post(userPath(id, '/multifactor/actions/invalidate-remember-browser'));
    return true;
  });
  const title = user.data ? (user.data.email ?? user.data.name ?? user.data.user_id) : 'User';
  const done = (message: string) => {
    setStatus(message);
    methods.reload();
  };
  return (
    <>
      <PageHeader title={title} crumbs={[{ label: 'Users', to: '/users' }]} />
      <UserTabs userId={id} />
      <ErrorNotice error={user.error} />
      <Section
        title="Authentication methods"
        actions={
          <>
            <button
              type="button"
              className="secondary small"
              disabled={forget.pending}
              onClick={async () => {
                setStatus('');
                if (await forget.run())
                  setStatus('Remembered browsers were forgotten: the next login that needs a second factor asks for it.');
              }}
            >
              Forget remembered browsers
            </button>
            {methods.data?.length ? (
              <ConfirmButton
                className="danger small"
                title={`Remove every authentication method of ${title}?`}
                confirmLabel="Remove all"
                description="Their next login that requires a second factor enrols one again."
                onConfirm={async () => {
                  setStatus('');
                  if (await removeAll.run()) done('Every authentication method was removed.');
                }}
              >
                Remove all
              </ConfirmButton>
            ) : null}
          </>
        }
      >
        <StatusNotice>{status || null}</StatusNotice>
        <ErrorNotice error={methods.error ?? remove.error ?? removeAll.error ?? forget.error} />
        {methods.loading && !methods.data ? <Loading /> : null}
        {methods.data?.length === 0 ? <Empty>No authentication methods: this user has enrolled no second factor.</Empty> : null}
        {methods.data?.length ? (
          <table className="table">
            <caption className="visually-hidden">Authentication methods</caption>
            <thead>
              <tr>
                <th scope="col">Method</th>
                <th scope="col">Status</th>
                <th scope="col">Enrolled</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {methods.data.map((m) => (
                <tr key={m.id}>
                  <td>{methodLabel(m)}</td>
                  <td>{m.confirmed ? <span className="badge ok">Confirmed</span> : <span className="badge warn">Unfinished</span>}</td>
                  <td>{when(m.enrolled_at ?? m.created_at)}</td>
                  <td>{when(m.last_auth_at)}</td>
                  <td>
                    <ConfirmButton
                      className="danger small"
                      title={`Remove ${methodLabel(m)}?`}
                      confirmLabel="Remove method"
                      description="Removing the last second factor removes the recovery codes too."
                      onConfirm={async () => {
                        setStatus('');
                        if (await remove.run(m)) done(`${methodLabel(m)} was removed.`);
                      }}
                    >
                      Remove {methodLabel(m)}
                    </ConfirmButton>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </Section>
    </>
  );
}
