// The core module's pages in the app's route tree.
import type { RouteObject } from 'react-router';
import { RequireLogin } from '../../../web/RequireLogin.tsx';
import { StartPage } from './StartPage.tsx';
import { LoginPage } from './LoginPage.tsx';
import { AdminHome, AdminLayout } from './AdminLayout.tsx';
import { TenantsPage } from './TenantsPage.tsx';
import { UsersPage } from './UsersPage.tsx';
import { TokensPage } from './TokensPage.tsx';
import { AuditPage } from './AuditPage.tsx';
import { JobsPage } from './JobsPage.tsx';
import { MODULE_ADMIN_ROUTES } from '../../../web/admin.ts';

export const coreRoutes: RouteObject[] = [
  { index: true, element: <StartPage /> },
  { path: 'anmelden', element: <LoginPage /> },
  {
    path: 'verwaltung',
    element: (
      <RequireLogin>
        <AdminLayout />
      </RequireLogin>
    ),
    children: [
      { index: true, element: <AdminHome /> },
      { path: 'kommunen', element: <TenantsPage /> },
      { path: 'benutzer', element: <UsersPage /> },
      { path: 'tokens', element: <TokensPage /> },
      { path: 'protokoll', element: <AuditPage /> },
      { path: 'jobs', element: <JobsPage /> },
      ...MODULE_ADMIN_ROUTES,
    ],
  },
];
