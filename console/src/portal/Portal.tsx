import { useState } from 'react';
import { createBrowserRouter, Navigate, Outlet, RouterProvider, type RouteObject } from 'react-router';
import { PageFrame } from '../app/PageFrame';
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

/** The portal's frame: the organization, the areas the admin's token may read, the signed-in admin. */
function PortalShell() {
  const details = useLoad(hasScope('read:my_org:details') ? 'details' : null, () => myOrg<OrgDetails>('GET', '/details'));
  return (
    <PageFrame
      brand={details.data?.display_name ?? details.data?.name ?? 'Your organization'}
      nav={AREAS.filter((a) => hasScope(a.scope)).map((a) => ({ to: `/${a.path}`, label: a.label }))}
      user={currentUser()}
      onSignOut={signOut}
    >
      <Outlet />
    </PageFrame>
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
