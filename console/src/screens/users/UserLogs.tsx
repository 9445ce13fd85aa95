import { useParams, useSearchParams } from 'react-router';
import { get } from '../../api/client';
import { ErrorNotice } from '../../ui/feedback';
import { useLoad } from '../../ui/hooks';
import { PageHeader } from '../../ui/layout';
import { LogTable } from '../logs/LogTable';
import { type LogPage, PER_PAGE } from '../logs/types';
import { UserTabs } from './UserTabs';
import { type User, userPath } from './types';

/** `/users/:id/logs`: the log entries about one user, newest first (`GET /users/{id}/logs`). */
export default function UserLogs() {
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const page = Number(params.get('page') ?? 0) || 0;
  const user = useLoad(id, () => get<User>(userPath(id)));
  const list = useLoad(`user-logs:${id}:${page}`, () =>
    get<LogPage>(userPath(id, '/logs'), { page, per_page: PER_PAGE, include_totals: true }),
  );
  const title = user.data ? (user.data.email ?? user.data.name ?? user.data.user_id) : 'User';
  return (
    <>
      <PageHeader title={title} crumbs={[{ label: 'Users', to: '/users' }]} />
      <UserTabs userId={id} />
      <ErrorNotice error={user.error} />
      <LogTable
        caption={`Log entries about ${title}`}
        page={page}
        data={list.data}
        loading={list.loading}
        error={list.error}
        empty="No log entries about this user."
        onPage={(p) => setParams(p ? { page: String(p) } : {})}
      />
    </>
  );
}
