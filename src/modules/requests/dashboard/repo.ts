// Aggregates of the public "Serviceversprechen" dashboard: only counts, rates and durations per
// municipality, service and month — never a single request, never a person.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../server/db/types.ts';

type Q = Kysely<Database>;
type Scope = { tenantIds: string[]; from: Date; to: Date };

/** Per municipality and clock: deadlines kept and missed (clocks still running count once they are over due). */
export function onTime(db: Q, s: Scope) {
  return sql<{ tenant: string; clock: string; kept: number; missed: number }>`
    SELECT t.slug AS tenant, d.clock,
           count(*) FILTER (WHERE d.status = 'met')::int AS kept,
           count(*) FILTER (WHERE d.status = 'breached' OR (d.status = 'running' AND d.due_at < now()))::int AS missed
      FROM requests_deadlines d
      JOIN requests_items r ON r.id = d.request_id
      JOIN core_tenants t ON t.id = d.tenant_id
     WHERE d.tenant_id = ANY(${s.tenantIds}::uuid[]) AND r.requested_at >= ${s.from} AND r.requested_at < ${s.to} AND r.merged_into IS NULL
     GROUP BY t.slug, d.clock ORDER BY t.slug, d.clock`.execute(db).then((r) => r.rows);
}

/** Median and 90th percentile of the time to resolve, in hours, per municipality and service
 *  (with the service's category, for grouping). */
export function resolution(db: Q, s: Scope) {
  return sql<{ tenant: string; category: string; service_code: string; service_name: string; resolved: number; median_hours: number; p90_hours: number }>`
    SELECT t.slug AS tenant, sv.category, sv.code AS service_code, sv.name AS service_name, count(*)::int AS resolved,
           round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.closed_at - r.requested_at)) / 3600)::numeric, 1)::float AS median_hours,
           round((percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM r.closed_at - r.requested_at)) / 3600)::numeric, 1)::float AS p90_hours
      FROM requests_items r
      JOIN requests_services sv ON sv.id = r.service_id
      JOIN core_tenants t ON t.id = r.tenant_id
     WHERE r.tenant_id = ANY(${s.tenantIds}::uuid[]) AND r.requested_at >= ${s.from} AND r.requested_at < ${s.to}
       AND r.closed_at IS NOT NULL AND r.merged_into IS NULL
     GROUP BY t.slug, sv.category, sv.code, sv.name ORDER BY t.slug, sv.category, sv.code`.execute(db).then((r) => r.rows);
}

/** Requests received per municipality and month (Europe/Berlin months). */
export function volume(db: Q, s: Scope) {
  return sql<{ tenant: string; month: string; received: number; resolved: number }>`
    SELECT t.slug AS tenant, to_char(date_trunc('month', r.requested_at AT TIME ZONE 'Europe/Berlin'), 'YYYY-MM') AS month,
           count(*)::int AS received, count(*) FILTER (WHERE r.state IN ('resolved', 'closed') AND r.merged_into IS NULL)::int AS resolved
      FROM requests_items r JOIN core_tenants t ON t.id = r.tenant_id
     WHERE r.tenant_id = ANY(${s.tenantIds}::uuid[]) AND r.requested_at >= ${s.from} AND r.requested_at < ${s.to}
     GROUP BY 1, 2 ORDER BY 1, 2`.execute(db).then((r) => r.rows);
}
