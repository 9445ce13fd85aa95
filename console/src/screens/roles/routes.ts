import type { RouteObject } from 'react-router';

export const roleRoutes: RouteObject[] = [
  { path: 'roles', lazy: async () => ({ Component: (await import('./RolesList')).default }) },
];
