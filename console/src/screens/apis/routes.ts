import type { RouteObject } from 'react-router';

export const apiRoutes: RouteObject[] = [
  { path: 'apis', lazy: async () => ({ Component: (await import('./ApisList')).default }) },
  { path: 'apis/new', lazy: async () => ({ Component: (await import('./ApiCreate')).default }) },
  { path: 'apis/:id', lazy: async () => ({ Component: (await import('./ApiDetail')).default }) },
];
