import { useEffect, useRef, useState } from 'react';
import { createBrowserRouter, Navigate, NavLink, Outlet, RouterProvider, useLocation, type RouteObject } from 'react-router';
import { useLoad } from '../ui/hooks';
import { myOrg, type OrgDetails } from './api';
import { currentUser, hasScope, signOut } from './session';
import { MembersScreen } from './MembersScreen';
import { InvitationsScreen } from './InvitationsScreen';
import { IdentityProvidersScreen } from './IdentityProvidersScreen';
import { DomainsScreen } from './DomainsScreen';

/** Each area, shown only to an admin whose token may read it. */
const AREAS = [
  { path: 'members', label: 'Members', scope: 'read:my_org:members', element: <MembersScreen /> },
  { path: 'invitations', label: 'Invitations', scope: 'read:my_org:member_invitations', element: <InvitationsScreen /> },
  {
    path: 'identity-providers',
    label: 'Identity providers',
    scope: 'read:my_org:identity_providers',
    element: <IdentityProvidersScreen />,
  },
  { path: 'domains', label: 'Domains', scope: 'read:my_org:domains', element: <DomainsScreen /> },
];

/** The frame around every screen: skip link, navigation, the organization and the signed-in admin. */
function PortalShell() {
  const user = currentUser();
  const details = useLoad(hasScope('read:my_org:details') ? 'details' : null, () => myOrg<OrgDetails>('GET', '/details'));
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
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
        <span className="brand">{details.data?.display_name ?? details.data?.name ?? 'Your organization'}</span>
        <nav aria-label="Main" className="main-nav">
          <ul>
            {AREAS.filter((a) => hasScope(a.scope)).map((a) => (
              <li key={a.path}>
                <NavLink to={`/${a.path}`}>{a.label}</NavLink>
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
        <Outlet />
      </main>
    </div>
  );
}

function NotFound() {
  return (
    <>
      <h1>Page not found</h1>
      <p>There is nothing at this address, or your role does not let you see it.</p>
    </>
  );
}

function routes(): RouteObject[] {
  const visible = AREAS.filter((a) => hasScope(a.scope));
  return [
    {
      element: <PortalShell />,
      children: [
        { index: true, element: visible.length ? <Navigate to={`/${visible[0].path}`} replace /> : <NotFound /> },
        ...visible.map((a) => ({ path: a.path, element: a.element })),
        { path: '*', element: <NotFound /> },
      ],
    },
  ];
}

export function Portal() {
  // Made on first render: by then the sign-in callback has replaced the URL.
  const [router] = useState(() => createBrowserRouter(routes(), { basename: '/portal' }));
  return <RouterProvider router={router} />;
}
