// The whole database as Kysely sees it: the union of every module's tables.
import type { CoreTables } from '../../modules/core/tables.ts';
import type { CoreFileTables } from '../../modules/core/files/tables.ts';
import type { CatalogTables } from '../../modules/catalog/tables.ts';
import type { CatalogQualityTables } from '../../modules/catalog/quality/tables.ts';
import type { HarvestTables } from '../../modules/catalog/harvest/tables.ts';
import type { DatastoreTables } from '../../modules/datastore/tables.ts';
import type { DatastoreRefreshTables } from '../../modules/datastore/versions/tables.ts';
import type { RequestsTables } from '../../modules/requests/tables.ts';
import type { AnalyticsTables } from '../../modules/analytics/tables.ts';
import type { NotifyTables } from '../../modules/requests/notify/tables.ts';

export type Database = CoreTables & CoreFileTables & CatalogTables & CatalogQualityTables & HarvestTables & DatastoreTables & DatastoreRefreshTables & RequestsTables & AnalyticsTables & NotifyTables;
