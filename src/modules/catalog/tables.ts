import type { ColumnType, Generated } from 'kysely';

type Ts = ColumnType<Date, Date | string | undefined, Date | string>;
type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T> = ColumnType<T, string | undefined, string>;

export type DatasetState = 'draft' | 'active' | 'deleted';

export interface CatalogTables {
  catalog_organizations: {
    id: Generated<string>; tenant_id: string; department_id: string | null; name: string; title: string;
    description: Generated<string>; state: Generated<'active' | 'deleted'>; created_at: Ts; updated_at: Ts;
  };
  catalog_datasets: {
    id: Generated<string>; tenant_id: string; organization_id: string; name: string; title: string; notes: Generated<string>;
    state: ColumnType<DatasetState, DatasetState | undefined, DatasetState>; private: Generated<boolean>; license_id: string | null;
    tags: ColumnType<string[], string[] | undefined, string[]>; themes: ColumnType<string[], string[] | undefined, string[]>;
    url: string | null; version: string | null; author: string | null; author_email: string | null;
    maintainer: string | null; maintainer_email: string | null; frequency: string | null;
    temporal_start: TsNull; temporal_end: TsNull; issued: TsNull; modified: TsNull; hvd_category: string | null;
    extras: Json<Record<string, string>>; creator_user_id: string | null; metadata_created: Ts; metadata_modified: Ts;
    search: ColumnType<string, never, never>;
    /** Distinct upper-case resource formats, maintained by triggers on catalog_resources. */
    formats: ColumnType<string[], never, never>;
  };
  catalog_resources: {
    id: Generated<string>; dataset_id: string; tenant_id: string; position: number; name: Generated<string>;
    description: Generated<string>; url: string; format: Generated<string>; mimetype: string | null; size: number | null;
    hash: string | null; license_id: string | null; url_type: string | null; created: Ts; last_modified: TsNull;
    /** The uploaded file (core_files) of a resource with url_type "upload"; see uploads/. */
    file_id: ColumnType<string | null, string | null | undefined, string | null>;
  };
  catalog_facet_cache: { key: string; version: string; result: Json<unknown>; created_at: Ts };
  catalog_version: { id: Generated<boolean>; version: number };
  catalog_facet_counts: { field: string; value: string; n: number };
  catalog_facet_deltas: { id: Generated<number>; field: string; value: string; n: number };
  catalog_dataset_history: {
    id: Generated<number>; dataset_id: string; tenant_id: string; at: Ts; actor: string; action: string;
    before: Json<unknown> | null; after: Json<unknown> | null;
  };
}
