import { useEffect, useRef } from 'react';
import { NavLink, Outlet, useLocation, useNavigation } from 'react-router';
import { currentUser, signOut } from '../auth/session';
import { Loading } from '../ui/feedback';

const NAV = [
  { to: '/activity', label: 'Activity' },
  { to: '/organizations', label: 'Organizations' },
  { to: '/connections', label: 'Connections' },
  { to: '/users', label: 'Users' },
  { to: '/applications', label: 'Applications' },
  { to: '/roles', label: 'Roles' },
  { to: '/apis', label: 'APIs' },
  { to: '/logs', label: 'Logs' },
  { to: '/log-streams', label: 'Log streams' },
];

/** The frame around every screen: skip link, navigation, the signed-in administrator, the screen. */
export function Shell() {
  const user = currentUser();
  const navigation = useNavigation();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  // After a client-side navigation, focus moves to the new screen, as a page load would.
  const first = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on each navigation, which the path names.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [location.pathname]);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Gatehouse</span>
        <nav aria-label="Main" className="main-nav">
          <ul>
            {NAV.map((n) => (
              <li key={n.to}>
                <NavLink to={n.to}>{n.label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="account">
          <span className="who">{user?.email ?? user?.name ?? user?.sub}</span>
          <button type="button" className="secondary small" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        {navigation.state === 'loading' ? <Loading /> : <Outlet />}
      </main>
    </div>
  );
}
