// The door of the datastore module: tabular resources as queryable, exportable tables.
import type { PlatformModule } from '../../server/modules.ts';
import { registerQueryRoutes } from './query/register.ts';
import { registerIngestRoutes } from './ingest/routes.ts';
import { registerIngestJobs } from './ingest/jobs.ts';
import { registerPushRoutes } from './push/routes.ts';
import { registerSchemaRoutes } from './schemas/routes.ts';
import { registerSchemaJobs } from './schemas/checks.ts';
import { seedDatastoreDemo } from './demo.ts';
import { registerVersionRoutes } from './versions/routes.ts';
import { registerVersionJobs } from './versions/jobs.ts';
import { registerSearchIndexJobs } from './fulltext/jobs.ts';

/** The read queries for benchmarks: a filtered, sorted page and a facet (same SQL as the rows API). */
export { facetQuery, filteredSortedPage } from './query/bench-api.ts';

export const datastoreModule: PlatformModule = {
  name: 'datastore',
  registerRoutes(app, deps) {
    registerQueryRoutes(app, deps);
    registerIngestRoutes(app, deps);
    registerPushRoutes(app, deps);
    registerSchemaRoutes(app, deps);
    registerVersionRoutes(app, deps);
  },
  registerJobs(jobs, deps) {
    registerIngestJobs(jobs, deps);
    registerVersionJobs(jobs, deps);
    registerSchemaJobs(jobs, deps);
    registerSearchIndexJobs(jobs, deps);
  },
  seedDemo: seedDatastoreDemo,
};
