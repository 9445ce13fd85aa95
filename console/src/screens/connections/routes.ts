import type { RouteObject } from 'react-router';

export const connectionRoutes: RouteObject[] = [
  { path: 'connections', lazy: async () => ({ Component: (await import('./ConnectionsList')).default }) },
];
