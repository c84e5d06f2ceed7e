// The datastore's demo content: the common car park schema with Gießen's and Marburg's data,
// and no automatic loading of the demo catalogue's example URLs (no such files exist; auto-load
// would only record failed loads). A publisher can switch auto-load on per resource.
import { sql } from 'kysely';
import type { Db } from '../../server/db/connect.ts';
import { DEMO_DATASET_NAMES } from '../catalog/index.ts';
import { seedSchemas } from './schemas/seed.ts';

export async function seedDatastoreDemo(db: Db, log: (m: string) => void = () => undefined): Promise<void> {
  await seedSchemas(db, log);
  await sql`INSERT INTO datastore_refresh (resource_id, tenant_id, auto_load, updated_by)
    SELECT r.id, r.tenant_id, false, 'Demo' FROM catalog_resources r JOIN catalog_datasets d ON d.id = r.dataset_id
     WHERE d.name = ANY(${DEMO_DATASET_NAMES}) AND NOT EXISTS (SELECT 1 FROM datastore_tables t WHERE t.resource_id = r.id)
    ON CONFLICT (resource_id) DO NOTHING`.execute(db);
}
