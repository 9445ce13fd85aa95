import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { del, get, patch } from '../../api/client';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { ErrorNotice, Loading } from '../../ui/feedback';
import { useAction, useLoad } from '../../ui/hooks';
import { PageHeader, Section } from '../../ui/layout';
import { UserIdentities } from './UserIdentities';
import { UserMetadata } from './UserMetadata';
import { UserOrganizations } from './UserOrganizations';
import { UserRoles } from './UserRoles';
import { UserTabs } from './UserTabs';
import { userPath, type User } from './types';
import './users.css';

/** `/users/:id`: the profile, identities, organizations and roles of one user. */
export default function UserDetail() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const loaded = useLoad(id, () => get<User>(userPath(id)));
  const [removeError, setRemoveError] = useState<Error>();
  const block = useAction((blocked: boolean) => patch<User>(userPath(id), { blocked }));
  const user = loaded.data;

  if (loaded.error)
    return (
      <>
        <PageHeader title="User" crumbs={[{ label: 'Users', to: '/users' }]} />
        <ErrorNotice error={loaded.error} />
      </>
    );
  if (!user) return <Loading />;
  const remove = async () => {
    try {
      await del(userPath(id));
      navigate('/users');
    } catch (error) {
      setRemoveError(error as Error);
    }
  };
  const toggleBlock = async () => {
    if (await block.run(!user.blocked)) loaded.reload();
  };
  return (
    <>
      <PageHeader
        title={user.email ?? user.name ?? user.user_id}
        crumbs={[{ label: 'Users', to: '/users' }]}
        actions={
          <>
            <button type="button" className="secondary" onClick={toggleBlock} disabled={block.pending}>
              {user.blocked ? 'Unblock' : 'Block'}
            </button>
            <ConfirmButton
              title={`Delete user ${user.email ?? user.user_id}?`}
              onConfirm={remove}
              description="Their identities, organization memberships and roles are removed too. This cannot be undone."
            >
              Delete user
            </ConfirmButton>
          </>
        }
      />
      <UserTabs userId={user.user_id} />
      <ErrorNotice error={removeError ?? block.error} />
      <Section title="Profile">
        <dl className="facts">
          <div>
            <dt>Name</dt>
            <dd>{user.name ?? '—'}</dd>
          </div>
          <div>
            <dt>Email</dt>
            <dd>
              {user.email ?? '—'}{' '}
              {user.email ? (
                <span className={`badge${user.email_verified ? ' ok' : ''}`}>{user.email_verified ? 'Verified' : 'Not verified'}</span>
              ) : null}
            </dd>
          </div>
          <div>
            <dt>Status</dt>
            <dd>{user.blocked ? <span className="badge warn">Blocked</span> : 'Active'}</dd>
          </div>
          <div>
            <dt>User ID</dt>
            <dd>
              <code>{user.user_id}</code>
            </dd>
          </div>
          <div>
            <dt>Created</dt>
            <dd>{new Date(user.created_at).toLocaleString()}</dd>
          </div>
          <div>
            <dt>Last login</dt>
            <dd>
              {user.last_login ? new Date(user.last_login).toLocaleString() : 'Never'} ({user.logins_count} logins)
            </dd>
          </div>
        </dl>
        <UserMetadata user={user} onSaved={loaded.reload} />
      </Section>
      <UserIdentities user={user} onChanged={loaded.reload} />
      <UserOrganizations userId={user.user_id} />
      <UserRoles userId={user.user_id} />
    </>
  );
}
