import type { RouteObject } from 'react-router';

export const applicationRoutes: RouteObject[] = [
  { path: 'applications', lazy: async () => ({ Component: (await import('./ApplicationsList')).default }) },
];
