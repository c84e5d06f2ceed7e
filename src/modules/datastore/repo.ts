// SQL of the datastore's bookkeeping (datastore_tables, loads, problems). The data tables
// themselves are named by tableRef/viewRef and queried by the query and load code.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../server/db/types.ts';
import type { Field } from './tables.ts';

type Q = Kysely<Database>;

/** The stable view of a resource: datastore."<resource id>". */
export const viewRef = (resourceId: string) => sql.table(`datastore.${resourceId}`);
/** A physical version table: datastore_data."<resource id>_v<n>". */
export const versionName = (resourceId: string, version: number) => `${resourceId}_v${version}`;
export const dataRef = (tableName: string) => sql.table(`datastore_data.${tableName}`);

export type TableRow = { resource_id: string; tenant_id: string; table_name: string; fields: Field[]; primary_key: string[]; row_count: number; version: number; source: 'load' | 'push'; updated_at: Date };

export function findTable(db: Q, resourceId: string): Promise<TableRow | undefined> {
  return db.selectFrom('datastore_tables').selectAll().where('resource_id', '=', resourceId).executeTakeFirst() as Promise<TableRow | undefined>;
}

/** The resource with what decides who may see and change it (its dataset's tenant and state). */
export function resourceWithDataset(db: Q, resourceId: string) {
  return db.selectFrom('catalog_resources as r').innerJoin('catalog_datasets as d', 'd.id', 'r.dataset_id')
    .select(['r.id', 'r.dataset_id', 'r.tenant_id', 'r.url', 'r.url_type', 'r.format', 'r.name', 'd.state', 'd.private', 'd.name as dataset_name'])
    .where('r.id', '=', resourceId).executeTakeFirst();
}
