// The door of the analytics module: how online services are used, counted without people.
import type { PlatformModule } from '../../server/modules.ts';
import { registerConnectorRoutes } from './connector/routes.ts';
import { registerFeedbackJobs } from './feedback/retention.ts';
import { registerFeedbackRoutes } from './feedback/routes.ts';
import { registerMetricsRoutes } from './metrics/routes.ts';
import { registerOfflineRoutes } from './offline/routes.ts';
import { registerOpenDataJobs } from './opendata/publish.ts';
import { registerOpenDataRoutes } from './opendata/routes.ts';
import { registerProtectJob } from './opendata/store.ts';
import { seedAnalyticsDemo } from './seed.ts';
import { registerViewRoutes } from './views/routes.ts';

export const analyticsModule: PlatformModule = {
  name: 'analytics',
  registerRoutes(app, deps) {
    registerConnectorRoutes(app, deps);
    registerMetricsRoutes(app, deps);
    registerOfflineRoutes(app, deps);
    registerFeedbackRoutes(app, deps);
    registerViewRoutes(app, deps);
    registerOpenDataRoutes(app, deps);
  },
  registerJobs(jobs, deps) {
    registerFeedbackJobs(jobs, deps);
    registerOpenDataJobs(jobs, deps);
    registerProtectJob(jobs, deps.db, deps.config.analytics.minCell);
  },
  seedDemo: seedAnalyticsDemo,
};
