// All client-side routes. Each module contributes its own route list from src/modules/<m>/web.
import { createBrowserRouter } from 'react-router';
import { AppShell } from './AppShell.tsx';
import { NotFoundPage, RouteErrorPage } from './NotFoundPage.tsx';
import { coreRoutes } from '../modules/core/web/routes.tsx';
import { catalogRoutes } from '../modules/catalog/web/routes.tsx';
import { datastoreRoutes } from '../modules/datastore/web/routes.tsx';
import { requestsCitizenRoutes } from '../modules/requests/web/routes.tsx';
import { requestsDashboardRoutes } from '../modules/requests/web/dashboard/routes.tsx';

export const router = createBrowserRouter([
  {
    element: <AppShell />,
    errorElement: <RouteErrorPage />,
    children: [...coreRoutes, ...catalogRoutes, ...datastoreRoutes, ...requestsCitizenRoutes, ...requestsDashboardRoutes, { path: '*', element: <NotFoundPage /> }],
  },
]);
