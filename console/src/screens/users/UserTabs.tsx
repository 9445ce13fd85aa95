import { TabLinks } from '../../ui/layout';
import { userPath } from './types';

/** The user screens' tabs: the profile and everything attached to it, the second factors, the log entries. */
export function UserTabs({ userId }: { userId: string }) {
  return (
    <TabLinks
      label="User"
      tabs={[
        { to: userPath(userId), label: 'Details' },
        { to: userPath(userId, '/authentication-methods'), label: 'Authentication methods' },
        { to: userPath(userId, '/logs'), label: 'Logs' },
      ]}
    />
  );
}
