// The public Serviceversprechen dashboard in the app's route tree (no login).
import type { RouteObject } from 'react-router';
import { TenantPromisesPage } from './TenantPromisesPage.tsx';
import { CooperationPromisesPage } from './CooperationPromisesPage.tsx';

export const requestsDashboardRoutes: RouteObject[] = [
  { path: 'serviceversprechen/:kommune', element: <TenantPromisesPage /> },
  { path: 'kooperationen/:slug/serviceversprechen', element: <CooperationPromisesPage /> },
];
