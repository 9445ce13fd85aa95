import type { RouteObject } from 'react-router';

export const connectionRoutes: RouteObject[] = [
  { path: 'connections', lazy: async () => ({ Component: (await import('./ConnectionsList')).default }) },
  { path: 'connections/profile', lazy: async () => ({ Component: (await import('./ConnectionProfile')).default }) },
  { path: 'connections/new', lazy: async () => ({ Component: (await import('./NewConnection')).default }) },
  { path: 'connections/:id', lazy: async () => ({ Component: (await import('./ConnectionDetail')).default }) },
];
