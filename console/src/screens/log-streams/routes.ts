import type { RouteObject } from 'react-router';

export const logStreamRoutes: RouteObject[] = [
  { path: 'log-streams', lazy: async () => ({ Component: (await import('./LogStreamsList')).default }) },
  { path: 'log-streams/new', lazy: async () => ({ Component: (await import('./LogStreamCreate')).default }) },
  { path: 'log-streams/:id', lazy: async () => ({ Component: (await import('./LogStreamDetail')).default }) },
];
