import { useState } from 'react';
import { createBrowserRouter, Navigate, Outlet, RouterProvider } from 'react-router';
import { PageFrame } from '../app/PageFrame';
import { currentUser, signOut } from './session';
import { SecurityScreen } from './SecurityScreen';

function AccountShell() {
  return (
    <PageFrame brand="Your account" nav={[{ to: '/security', label: 'Security' }]} user={currentUser()} onSignOut={signOut}>
      <Outlet />
    </PageFrame>
  );
}

function NotFound() {
  return (
    <>
      <h1>Page not found</h1>
      <p>There is nothing at this address.</p>
    </>
  );
}

/** The self-service account page: for now, the signed-in person's sign-in methods. */
export function Account() {
  // Made on first render: by then the sign-in callback has replaced the URL.
  const [router] = useState(() =>
    createBrowserRouter(
      [
        {
          element: <AccountShell />,
          children: [
            { index: true, element: <Navigate to={{ pathname: '/security', search: location.search }} replace /> },
            { path: 'security', element: <SecurityScreen /> },
            { path: '*', element: <NotFound /> },
          ],
        },
      ],
      { basename: '/account' },
    ),
  );
  return <RouterProvider router={router} />;
}
