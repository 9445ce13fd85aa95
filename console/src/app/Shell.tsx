import { Outlet, useNavigation } from 'react-router';
import { currentUser, signOut } from '../auth/session';
import { Loading } from '../ui/feedback';
import { PageFrame } from './PageFrame';

const NAV = [
  { to: '/activity', label: 'Activity' },
  { to: '/organizations', label: 'Organizations' },
  { to: '/connections', label: 'Connections' },
  { to: '/users', label: 'Users' },
  { to: '/applications', label: 'Applications' },
  { to: '/roles', label: 'Roles' },
  { to: '/multi-factor', label: 'Multi-factor' },
  { to: '/apis', label: 'APIs' },
  { to: '/logs', label: 'Logs' },
  { to: '/log-streams', label: 'Log streams' },
];

/** The console's frame: its navigation, the signed-in administrator, the screen. */
export function Shell() {
  const navigation = useNavigation();
  return (
    <PageFrame brand="Gatehouse" nav={NAV} user={currentUser()} onSignOut={signOut}>
      {navigation.state === 'loading' ? <Loading /> : <Outlet />}
    </PageFrame>
  );
}
