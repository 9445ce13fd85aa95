import type { RouteObject } from 'react-router';

export const apiRoutes: RouteObject[] = [
  { path: 'apis', lazy: async () => ({ Component: (await import('./APIsList')).default }) },
];
