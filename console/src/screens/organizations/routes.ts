import type { RouteObject } from 'react-router';

export const organizationRoutes: RouteObject[] = [
  { path: 'organizations', lazy: async () => ({ Component: (await import('./OrganizationsList')).default }) },
  { path: 'organizations/new', lazy: async () => ({ Component: (await import('./CreateOrganization')).default }) },
  {
    path: 'organizations/:id',
    lazy: async () => ({ Component: (await import('./OrganizationDetail')).default }),
    children: [
      { index: true, lazy: async () => ({ Component: (await import('./OverviewRedirect')).default }) },
      { path: 'overview', lazy: async () => ({ Component: (await import('./OverviewTab')).default }) },
      { path: 'authentication', lazy: async () => ({ Component: (await import('./AuthenticationTab')).default }) },
      { path: 'members', lazy: async () => ({ Component: (await import('./MembersTab')).default }) },
      { path: 'invitations', lazy: async () => ({ Component: (await import('./InvitationsTab')).default }) },
      { path: 'domains', lazy: async () => ({ Component: (await import('./DomainsTab')).default }) },
      { path: 'policies', lazy: async () => ({ Component: (await import('./PoliciesTab')).default }) },
      { path: 'logs', lazy: async () => ({ Component: (await import('./LogsTab')).default }) },
    ],
  },
];
