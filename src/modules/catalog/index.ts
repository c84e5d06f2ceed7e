// The door of the catalogue module.
import type { PlatformModule } from '../../server/modules.ts';
import { registerCkanRoutes } from './ckan/routes.ts';
import { registerDcatRoutes } from './dcat/routes.ts';
import { registerQualityRoutes } from './quality/routes.ts';
import { registerQualityJobs } from './quality/jobs.ts';
import { registerHarvestJobs } from './harvest/jobs.ts';
import { registerHarvestRoutes } from './harvest/routes.ts';
import { registerUploadRoutes } from './uploads/routes.ts';
import { registerHistoryRoutes } from './history/routes.ts';
import { seedCatalog, DEMO_DATASETS } from './seed.ts';

/** Names of the demo datasets (their resource URLs are examples). */
export const DEMO_DATASET_NAMES = DEMO_DATASETS.map((d) => d.name);
import { compactFacetCounts } from './search/facet-counts.ts';

export { registerCkanAction, type Action as CkanAction } from './ckan/actions.ts';
export { CkanValidation } from './ckan/errors.ts';
/** Resource use cases (resource_create, resource_patch), e.g. for datastore_create with a resource dict. */
export { createResource, updateResource } from './resources.ts';
/** package_create as a use case (demo content of other modules). */
export { createPackage, patchPackage } from './service.ts';
/** Link check outcomes seen elsewhere (a datastore load fetching a resource URL) count for the quality score. */
export { recordLinkCheck, type ObservedLinkCheck } from './quality/record.ts';
export { linkErrorOf } from './quality/link-check.ts';
export type { LinkCheckError } from './quality/tables.ts';
export { flag as ckanFlag, int as ckanInt, text as ckanText, type Params as CkanParams } from './ckan/params.ts';

export const catalogModule: PlatformModule = {
  name: 'catalog',
  registerRoutes(app, deps) {
    registerCkanRoutes(app, deps);
    registerQualityRoutes(app, deps);
    registerDcatRoutes(app, deps);
    registerHarvestRoutes(app, deps);
    registerUploadRoutes(app, deps);
    registerHistoryRoutes(app, deps);
  },
  registerJobs(jobs, deps) {
    registerQualityJobs(jobs, deps);
    registerHarvestJobs(jobs, deps.db, { allowPrivate: deps.config.harvest.allowPrivate });
    // Folds facet count deltas into the totals so that reading them stays a small sum.
    jobs.register('catalog.facets.compact', async () => ({ folded: await compactFacetCounts(deps.db) }), { maxAttempts: 1, timeoutS: 60 });
    jobs.declareSchedule({ name: 'catalog.facets.compact', type: 'catalog.facets.compact', intervalSeconds: 30 });
  },
  seedDemo: seedCatalog,
};
