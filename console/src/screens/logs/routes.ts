import type { RouteObject } from 'react-router';

export const logRoutes: RouteObject[] = [
  { path: 'logs', lazy: async () => ({ Component: (await import('./LogsList')).default }) },
  { path: 'logs/:id', lazy: async () => ({ Component: (await import('./LogDetail')).default }) },
];
