import type { RouteObject } from 'react-router';

export const roleRoutes: RouteObject[] = [
  { path: 'roles', lazy: async () => ({ Component: (await import('./RolesList')).default }) },
  { path: 'roles/new', lazy: async () => ({ Component: (await import('./RoleCreate')).default }) },
  { path: 'roles/:id', lazy: async () => ({ Component: (await import('./RoleDetail')).default }) },
];
