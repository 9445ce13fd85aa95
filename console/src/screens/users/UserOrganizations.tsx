import { Link } from 'react-router';
import { getAll } from '../../api/client';
import { Empty, ErrorNotice, Loading } from '../../ui/feedback';
import { useLoad } from '../../ui/hooks';
import { Section } from '../../ui/layout';
import { userPath } from './types';

interface UserOrganization {
  id: string;
  name: string;
  display_name?: string;
}

/** The organizations the user is a member of, each a link to it. */
export function UserOrganizations({ userId }: { userId: string }) {
  const orgs = useLoad(`orgs:${userId}`, () => getAll<UserOrganization>(userPath(userId, '/organizations'), 'organizations'));
  return (
    <Section title="Organizations">
      <ErrorNotice error={orgs.error} />
      {orgs.loading && !orgs.data ? <Loading /> : null}
      {orgs.data && orgs.data.length === 0 ? <Empty>Not a member of any organization.</Empty> : null}
      {orgs.data && orgs.data.length > 0 ? (
        <ul className="link-list">
          {orgs.data.map((o) => (
            <li key={o.id}>
              <Link to={`/organizations/${o.id}`}>{o.display_name ?? o.name}</Link> <span className="hint">{o.name}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </Section>
  );
}
