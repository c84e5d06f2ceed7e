// The whole database as Kysely sees it: the union of every module's tables.
import type { CoreTables } from '../../modules/core/tables.ts';
import type { CatalogTables } from '../../modules/catalog/tables.ts';

export type Database = CoreTables & CatalogTables;
