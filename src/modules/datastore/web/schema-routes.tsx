// The pages of common schemas (a cooperation's shared table schemas) in the app's route tree.
import type { RouteObject } from 'react-router';
import { SchemaPage } from './SchemaPage.tsx';
import { SchemaCreatePage, SchemaEditPage } from './SchemaEditor.tsx';

export const schemaRoutes: RouteObject[] = [
  { path: 'kooperationen/:slug/schema-anlegen', element: <SchemaCreatePage /> },
  { path: 'kooperationen/:slug/schemas/:schema', element: <SchemaPage /> },
  { path: 'kooperationen/:slug/schemas/:schema/bearbeiten', element: <SchemaEditPage /> },
];
