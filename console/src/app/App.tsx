import { useState } from 'react';
import { createBrowserRouter, Navigate, RouterProvider, type RouteObject } from 'react-router';
import { Shell } from './Shell';
import { NotFound } from './NotFound';
import { organizationRoutes } from '../screens/organizations/routes';
import { connectionRoutes } from '../screens/connections/routes';
import { userRoutes } from '../screens/users/routes';
import { applicationRoutes } from '../screens/applications/routes';
import { roleRoutes } from '../screens/roles/routes';
import { apiRoutes } from '../screens/apis/routes';
import { activityRoutes } from '../screens/activity/routes';
import { logRoutes } from '../screens/logs/routes';
import { logStreamRoutes } from '../screens/log-streams/routes';
import { multiFactorRoutes } from '../screens/multi-factor/routes';

// Every screen is its own chunk (each area's routes load their components with `lazy`): the first
// screen downloads the shell and the Activity screen only.
const routes: RouteObject[] = [
  {
    element: <Shell />,
    children: [
      { index: true, element: <Navigate to="/activity" replace /> },
      ...activityRoutes,
      ...organizationRoutes,
      ...connectionRoutes,
      ...userRoutes,
      ...applicationRoutes,
      ...roleRoutes,
      ...apiRoutes,
      ...logRoutes,
      ...logStreamRoutes,
      ...multiFactorRoutes,
      { path: '*', element: <NotFound /> },
    ],
  },
];

export function App() {
  // Made on first render, not at import: by then the sign-in callback has replaced the URL, and
  // the router must start from the page that was asked for.
  const [router] = useState(() => createBrowserRouter(routes, { basename: '/console' }));
  return <RouterProvider router={router} />;
}
