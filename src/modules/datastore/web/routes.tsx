// The datastore's pages in the app's route tree.
import type { RouteObject } from 'react-router';
import { ResourcePage } from './ResourcePage.tsx';
import { schemaRoutes } from './schema-routes.tsx';

export const datastoreRoutes: RouteObject[] = [{ path: 'daten/:name/ressourcen/:rid', element: <ResourcePage /> }, ...schemaRoutes];
