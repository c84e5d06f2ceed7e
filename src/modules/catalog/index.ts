// The door of the catalogue module.
import type { PlatformModule } from '../../server/modules.ts';
import { registerCkanRoutes } from './ckan/routes.ts';
import { registerDcatRoutes } from './dcat/routes.ts';
import { registerQualityRoutes } from './quality/routes.ts';
import { registerQualityJobs } from './quality/jobs.ts';
import { registerHarvestJobs } from './harvest/jobs.ts';
import { registerHarvestRoutes } from './harvest/routes.ts';
import { seedCatalog } from './seed.ts';

export const catalogModule: PlatformModule = {
  name: 'catalog',
  registerRoutes(app, deps) {
    registerCkanRoutes(app, deps);
    registerQualityRoutes(app, deps);
    registerDcatRoutes(app, deps);
    registerHarvestRoutes(app, deps);
  },
  registerJobs(jobs, deps) {
    registerQualityJobs(jobs, deps);
    registerHarvestJobs(jobs, deps.db);
  },
  seedDemo: seedCatalog,
};
