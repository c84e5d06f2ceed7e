import type { ColumnType, Generated } from 'kysely';

type Ts = ColumnType<Date, Date | string | undefined, Date | string>;
type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type HarvestType = 'ckan' | 'dcat';
export type RunStatus = 'running' | 'succeeded' | 'partial' | 'failed';
export type LogLevel = 'info' | 'warning' | 'error';

export interface HarvestTables {
  catalog_harvest_sources: {
    id: Generated<string>; tenant_id: string; name: string; type: HarvestType; url: string; organization: string | null;
    interval_minutes: number | null; enabled: Generated<boolean>; last_success_at: TsNull; next_run_at: TsNull; created_at: Ts; updated_at: Ts;
  };
  catalog_harvest_runs: {
    id: Generated<string>; source_id: string; tenant_id: string; job_id: number | null; full_run: boolean; started_at: Ts; finished_at: TsNull;
    status: ColumnType<RunStatus, RunStatus | undefined, RunStatus>; pages: Generated<number>; created: Generated<number>; updated: Generated<number>;
    unchanged: Generated<number>; deleted: Generated<number>; skipped: Generated<number>; errors: Generated<number>; warnings: Generated<number>;
    message: Generated<string>;
  };
  catalog_harvest_log: { id: Generated<number>; run_id: string; at: Ts; level: LogLevel; dataset: string | null; title: string | null; message: string };
  catalog_harvest_records: {
    dataset_id: string; tenant_id: string; source_id: string | null; guid: string; origin: string; content_hash: string | null; harvested_at: Ts;
  };
}
