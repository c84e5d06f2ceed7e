// The catalogue's pages in the app's route tree.
import type { RouteObject } from 'react-router';
import { SearchPage } from './SearchPage.tsx';
import { DatasetPage } from './DatasetPage.tsx';

export const catalogRoutes: RouteObject[] = [
  { path: 'daten', element: <SearchPage /> },
  { path: 'daten/:name', element: <DatasetPage /> },
];
