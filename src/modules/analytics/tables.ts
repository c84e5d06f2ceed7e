// Tables of the analytics module (migration 20261123_1700_analytics_init).
import type { ColumnType, Generated } from 'kysely';

type Ts = ColumnType<Date, Date | string | undefined, Date | string>;
type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface AnalyticsTables {
  analytics_sources: {
    id: Generated<string>; tenant_id: string; name: string; platform: Generated<string>; key_hash: string; key_prefix: string;
    created_by: string | null; created_at: Ts; revoked_at: TsNull;
  };
  analytics_batches: { source_id: string; batch_id: string; events: number; received_at: Ts };
  analytics_counters: {
    tenant_id: string; service_key: string; online_service: string; form_version: Generated<string>; day: ColumnType<string, string, string>;
    metric: string; dimension: Generated<string>; count: ColumnType<string, number | string, number | string>;
  };
}
