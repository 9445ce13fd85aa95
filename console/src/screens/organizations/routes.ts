import type { RouteObject } from 'react-router';

export const organizationRoutes: RouteObject[] = [
  { path: 'organizations', lazy: async () => ({ Component: (await import('./OrganizationsList')).default }) },
];
