// The door of the datastore module: tabular resources as queryable, exportable tables.
import type { PlatformModule } from '../../server/modules.ts';

export const datastoreModule: PlatformModule = {
  name: 'datastore',
  registerRoutes() {
    // Each part registers its routes here (ingest, query, push).
  },
};
