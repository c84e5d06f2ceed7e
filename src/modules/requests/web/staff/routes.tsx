// The staff pages of the requests module inside the admin area ("Verwaltung"): the inbox and the
// case page. /verwaltung/anliegen/{number} is what staff e-mails link to (notify/settings.ts).
import type { RouteObject } from 'react-router';
import type { AdminSection } from '../../../core/web/AdminLayout.tsx';
import { CasePage } from './CasePage.tsx';
import { InboxPage } from './InboxPage.tsx';

export const requestsStaffSections: AdminSection[] = [
  { path: 'anliegen', label: 'Anliegen', description: 'Meldungen der Bürgerinnen und Bürger bearbeiten: Posteingang nach Fälligkeit, Zuweisung, Verlauf.' },
];

export const requestsStaffRoutes: RouteObject[] = [
  { path: 'anliegen', element: <InboxPage /> },
  { path: 'anliegen/:number', element: <CasePage /> },
];
