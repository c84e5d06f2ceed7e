// The pages of common schemas (a cooperation's shared table schemas) in the app's route tree.
import type { RouteObject } from 'react-router';
import { SchemaPage } from './SchemaPage.tsx';

export const schemaRoutes: RouteObject[] = [{ path: 'kooperationen/:slug/schemas/:schema', element: <SchemaPage /> }];
