// Tables of the analytics module (migrations 20261123_1700_analytics_init, 20261123_1710_analytics_more,
// 20261123_1800_analytics_open_store).
import type { ColumnType, Generated } from 'kysely';

type Ts = ColumnType<Date, Date | string | undefined, Date | string>;
type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type DateText = ColumnType<string, string, string>;
type Count = ColumnType<string, number | string, number | string>;
type CountNull = ColumnType<string | null, number | string | null, number | string | null>;

type CounterKey = { tenant_id: string; service_key: string; online_service: string; form_version: Generated<string>; metric: string; dimension: Generated<string>; count: Count };

export interface AnalyticsTables {
  analytics_sources: {
    id: Generated<string>; tenant_id: string; name: string; platform: Generated<string>; key_hash: string; key_prefix: string;
    created_by: string | null; created_at: Ts; revoked_at: TsNull;
  };
  analytics_batches: { source_id: string; batch_id: string; events: number; received_at: Ts };
  analytics_counters: CounterKey & { day: DateText };
  analytics_counters_monthly: CounterKey & { month: DateText };
  analytics_open_months: { month: DateText; min_cell: number; protected_at: Ts };
  analytics_open_cells: {
    month: DateText; position: number; level: string; tenant_id: string | null; service_key: string | null;
    views: CountNull; starts: CountNull; submissions: CountNull; r1: CountNull; r2: CountNull; r3: CountNull; r4: CountNull; r5: CountNull;
  };
  analytics_open_dirty: { id: Generated<string>; month: DateText };
  analytics_comments: {
    id: Generated<string>; tenant_id: string; service_key: string; online_service: string; form_version: Generated<string>;
    day: DateText; rating: number; comment: string; received_at: Ts;
  };
  analytics_services: { tenant_id: string; service_key: string; name: string; updated_at: Ts };
  analytics_service_owners: { tenant_id: string; service_key: string; user_id: string };
  analytics_offline_counts: { tenant_id: string; service_key: string; month: DateText; channel: string; count: number; updated_by: string | null; updated_at: Ts };
  analytics_views: {
    id: Generated<string>; tenant_id: string; name: string; description: Generated<string>; definition: ColumnType<unknown, string, string>;
    visibility: Generated<string>; copied_from: string | null; created_by: string | null; created_at: Ts; updated_at: Ts;
  };
}
