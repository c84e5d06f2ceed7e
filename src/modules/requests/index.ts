// The door of the requests module: citizen requests (Anliegen, Mängelmelder) with service levels,
// spoken as Open311 GeoReport v2.
import type { PlatformModule } from '../../server/modules.ts';
import { registerOpen311Routes } from './open311/routes.ts';
import { registerCitizenRoutes } from './citizen/routes.ts';
import { registerCaseRoutes } from './cases/routes.ts';
import { registerRoutingRoutes } from './routing/routes.ts';
import { registerDeadlineRoutes } from './deadlines/routes.ts';
import { registerDeadlineJobs } from './deadlines/jobs.ts';
import { registerDashboardRoutes } from './dashboard/routes.ts';
import { registerNotifyJobs, registerNotifyRoutes } from './notify/index.ts';
import { registerCatalogueRoutes } from './catalogue/routes.ts';
import { registerPrivacyJobs } from './privacy/jobs.ts';
import { seedRequestsDemo } from './seed.ts';

export const requestsModule: PlatformModule = {
  name: 'requests',
  registerRoutes(app, deps) {
    registerOpen311Routes(app, deps);
    registerCitizenRoutes(app, deps);
    registerCaseRoutes(app, deps);
    registerRoutingRoutes(app, deps);
    registerNotifyRoutes(app, deps);
    registerDeadlineRoutes(app, deps);
    registerDashboardRoutes(app, deps);
    registerCatalogueRoutes(app, deps);
  },
  registerJobs(jobs, deps) {
    registerDeadlineJobs(jobs, deps);
    registerNotifyJobs(jobs, deps);
    registerPrivacyJobs(jobs, deps);
  },
  seedDemo: seedRequestsDemo,
};
