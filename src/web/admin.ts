// What the modules contribute to the admin area ("Verwaltung"): sections in its navigation and
// their routes. The shell composes them, so modules do not import each other.
import type { RouteObject } from 'react-router';
import type { AdminSection } from '../modules/core/web/AdminLayout.tsx';
import { catalogAdminRoutes, catalogAdminSections } from '../modules/catalog/web/routes.tsx';
import { requestsStaffRoutes, requestsStaffSections } from '../modules/requests/web/staff/routes.tsx';
import { analyticsStaffRoutes, analyticsStaffSections } from '../modules/analytics/web/routes.tsx';

export const MODULE_ADMIN_SECTIONS: AdminSection[] = [...catalogAdminSections, ...requestsStaffSections, ...analyticsStaffSections];
export const MODULE_ADMIN_ROUTES: RouteObject[] = [...catalogAdminRoutes, ...requestsStaffRoutes, ...analyticsStaffRoutes];
