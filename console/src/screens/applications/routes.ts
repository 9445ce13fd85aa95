import type { RouteObject } from 'react-router';

export const applicationRoutes: RouteObject[] = [
  { path: 'applications', lazy: async () => ({ Component: (await import('./ApplicationsList')).default }) },
  { path: 'applications/new', lazy: async () => ({ Component: (await import('./ApplicationCreate')).default }) },
  {
    path: 'applications/:id',
    lazy: async () => ({ Component: (await import('./ApplicationLayout')).default }),
    children: [
      { index: true, lazy: async () => ({ Component: (await import('./ApplicationSettings')).default }) },
      { path: 'credentials', lazy: async () => ({ Component: (await import('./ApplicationCredentials')).default }) },
      { path: 'organizations', lazy: async () => ({ Component: (await import('./ApplicationOrganizations')).default }) },
      { path: 'apis', lazy: async () => ({ Component: (await import('./ApplicationApis')).default }) },
    ],
  },
];
