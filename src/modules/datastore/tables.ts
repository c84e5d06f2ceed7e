import type { ColumnType, Generated } from 'kysely';

type Ts = ColumnType<Date, Date | string | undefined, Date | string>;
type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T> = ColumnType<T, string, string>;

/** Column types of datastore tables (CKAN's names) and the PostgreSQL type behind each. */
export const FIELD_TYPES = { text: 'text', int: 'bigint', numeric: 'numeric', date: 'date', timestamp: 'timestamp', bool: 'boolean', json: 'jsonb' } as const;
export type FieldType = keyof typeof FIELD_TYPES;
/** Data dictionary of a column; `geo` marks latitude/longitude columns for maps. */
export type FieldInfo = { label?: string; notes?: string; unit?: string; geo?: 'lat' | 'lon' };
export type Field = { id: string; type: FieldType; info?: FieldInfo };

export interface DatastoreTables {
  datastore_tables: {
    resource_id: string; tenant_id: string; table_name: string; fields: Json<Field[]>; primary_key: ColumnType<string[], string[] | undefined, string[]>;
    row_count: Generated<number>; version: Generated<number>; source: 'load' | 'push'; created_at: Ts; updated_at: Ts;
  };
  datastore_loads: {
    id: Generated<number>; resource_id: string; tenant_id: string; status: ColumnType<'queued' | 'running' | 'succeeded' | 'unchanged' | 'failed', string | undefined, string>;
    phase: Generated<string>; source_url: string | null; file_id: string | null; bytes_total: number | null; bytes_done: Generated<number>;
    rows_done: Generated<number>; row_count: number | null; checksum: string | null; etag: string | null; last_modified: string | null;
    dialect: Json<unknown> | null; fields: Json<Field[]> | null; problem_count: Generated<number>; error: string | null; version: number | null;
    created_by: string; created_at: Ts; started_at: TsNull; finished_at: TsNull;
  };
  datastore_load_problems: { load_id: number; row_number: number; column_name: string | null; value: string | null; reason: string };
}
