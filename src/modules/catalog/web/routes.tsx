// The catalogue's pages in the app's route tree.
import type { RouteObject } from 'react-router';
import { SearchPage } from './SearchPage.tsx';
import { DatasetPage } from './DatasetPage.tsx';
import { DatasetsAdminPage } from './DatasetsAdminPage.tsx';
import { DatasetEditorPage } from './DatasetEditor.tsx';
import { OrganizationPage, OrganizationsPage } from './OrganizationPages.tsx';
import { CooperationPage } from './CooperationPage.tsx';
import { HarvestPage } from '../harvest/web/HarvestPage.tsx';
import type { AdminSection } from '../../core/web/AdminLayout.tsx';

export const catalogRoutes: RouteObject[] = [
  { path: 'daten', element: <SearchPage /> },
  { path: 'daten/:name', element: <DatasetPage /> },
  { path: 'organisationen', element: <OrganizationsPage /> },
  { path: 'organisationen/:name', element: <OrganizationPage /> },
  { path: 'kooperationen/:slug', element: <CooperationPage /> },
];

export const catalogAdminSections: AdminSection[] = [
  { path: 'datensaetze', label: 'Datensätze', description: 'Offene Daten der eigenen Organisationen veröffentlichen und pflegen.' },
  { path: 'harvesting', label: 'Harvesting', description: 'Datensätze anderer Portale und DCAT-AP-Kataloge regelmäßig übernehmen, mit Protokoll jedes Laufs.' },
];
export const catalogAdminRoutes: RouteObject[] = [
  { path: 'datensaetze', element: <DatasetsAdminPage /> },
  { path: 'datensaetze/:name', element: <DatasetEditorPage /> },
  { path: 'harvesting', element: <HarvestPage /> },
];
