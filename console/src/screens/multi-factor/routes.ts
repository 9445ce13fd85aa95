import type { RouteObject } from 'react-router';

export const multiFactorRoutes: RouteObject[] = [
  { path: 'multi-factor', lazy: async () => ({ Component: (await import('./MultiFactorScreen')).default }) },
];
