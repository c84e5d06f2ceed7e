// SQL of the metrics: sums of the counters of one service over a period.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../server/db/types.ts';

export function serviceCounters(db: Kysely<Database>, f: { tenantId: string; serviceKey: string; onlineService?: string; formVersion?: string; from: string; to: string }) {
  return sql<{ metric: string; dimension: string; count: string }>`
    SELECT metric, dimension, sum(count)::text AS count
      FROM analytics_counters
     WHERE tenant_id = ${f.tenantId} AND service_key = ${f.serviceKey} AND day BETWEEN ${f.from}::date AND ${f.to}::date
       ${f.onlineService ? sql`AND online_service = ${f.onlineService}` : sql``}
       ${f.formVersion !== undefined ? sql`AND form_version = ${f.formVersion}` : sql``}
     GROUP BY metric, dimension`.execute(db).then((r) => r.rows.map((x) => ({ ...x, count: Number(x.count) })));
}
