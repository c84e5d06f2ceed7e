// The citizen pages of the requests module in the app's route tree (public, no login).
import type { RouteObject } from 'react-router';
import { ReportPage } from './ReportPage.tsx';
import { TrackPage } from './TrackPage.tsx';

export const requestsCitizenRoutes: RouteObject[] = [
  { path: 'anliegen/melden', element: <ReportPage /> },
  { path: 'anliegen/verfolgen/:token', element: <TrackPage /> },
];
