import type { RouteObject } from 'react-router';

export const userRoutes: RouteObject[] = [
  { path: 'users', lazy: async () => ({ Component: (await import('./UsersList')).default }) },
  { path: 'users/import', lazy: async () => ({ Component: (await import('./ImportUsers')).default }) },
  { path: 'users/new', lazy: async () => ({ Component: (await import('./NewUser')).default }) },
  { path: 'users/:id', lazy: async () => ({ Component: (await import('./UserDetail')).default }) },
  { path: 'users/:id/authentication-methods', lazy: async () => ({ Component: (await import('./UserAuthenticationMethods')).default }) },
  { path: 'users/:id/logs', lazy: async () => ({ Component: (await import('./UserLogs')).default }) },
];
