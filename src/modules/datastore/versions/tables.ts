import type { ColumnType } from 'kysely';

type Ts = ColumnType<Date, Date | string | undefined, Date | string>;

export interface DatastoreRefreshTables {
  datastore_refresh: {
    resource_id: string; tenant_id: string; interval_minutes: number | null; auto_load: ColumnType<boolean, boolean | undefined, boolean>;
    updated_by: string; updated_at: Ts;
  };
}
