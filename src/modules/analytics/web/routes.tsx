// The analytics pages inside the admin area ("Verwaltung"), registered through src/web/admin.ts:
// the overview of a municipality's services, one service in depth, and saved views.
import type { RouteObject } from 'react-router';
import type { AdminSection } from '../../core/web/AdminLayout.tsx';
import { OverviewPage } from './OverviewPage.tsx';
import { ServicePage } from './ServicePage.tsx';
import { ViewPage } from './ViewPage.tsx';
import { ViewsPage } from './ViewsPage.tsx';

export const analyticsStaffSections: AdminSection[] = [
  { path: 'analytik', label: 'Service-Analytik', description: 'Wie die Onlinedienste genutzt werden: Trichter, Anmeldeverfahren, Bewertungen, Vergleich mit anderen Kommunen, gespeicherte Ansichten.' },
];

export const analyticsStaffRoutes: RouteObject[] = [
  { path: 'analytik', element: <OverviewPage /> },
  { path: 'analytik/dienste/:serviceKey', element: <ServicePage /> },
  { path: 'analytik/ansichten', element: <ViewsPage /> },
  { path: 'analytik/ansichten/:id', element: <ViewPage /> },
];
