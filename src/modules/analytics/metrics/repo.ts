// SQL of the metrics. Every read goes through `counters`: whole months of a range come from the
// monthly rollup, the days at its edges (and all of a day or week series) from the daily counters.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../../server/db/types.ts';
import { splitRange, type Interval, type Range } from './periods.ts';

type Q = Kysely<Database>;
export type CounterFilter = {
  tenantIds: string[]; serviceKey?: string; metrics?: string[]; onlineService?: string; formVersion?: string; dimension?: string;
  range: Range; grain: 'day' | 'month';
};

/** (tenant_id, service_key, online_service, form_version, at, metric, dimension, count) in the range. */
function counters(f: CounterFilter): RawBuilder<unknown> {
  const where = sql.join([
    sql`tenant_id = ANY(${f.tenantIds}::uuid[])`,
    ...(f.serviceKey ? [sql`service_key = ${f.serviceKey}`] : []),
    ...(f.metrics ? [sql`metric = ANY(${f.metrics}::text[])`] : []),
    ...(f.onlineService ? [sql`online_service = ${f.onlineService}`] : []),
    ...(f.formVersion !== undefined ? [sql`form_version = ${f.formVersion}`] : []),
    ...(f.dimension !== undefined ? [sql`dimension = ${f.dimension}`] : []),
  ], sql` AND `);
  const cols = sql`tenant_id, service_key, online_service, form_version, metric, dimension, count`;
  const days = (r: Range) => sql`SELECT ${cols}, day AS at FROM analytics_counters WHERE ${where} AND day BETWEEN ${r.from}::date AND ${r.to}::date`;
  if (f.grain === 'day') return days(f.range);
  const split = splitRange(f.range);
  const parts = split.days.map(days);
  if (split.months) parts.push(sql`SELECT ${cols}, month AS at FROM analytics_counters_monthly WHERE ${where} AND month BETWEEN ${split.months.from}::date AND ${split.months.to}::date`);
  return sql.join(parts, sql` UNION ALL `);
}

const num = <T extends { count: string }>(rows: T[]) => rows.map((r) => ({ ...r, count: Number(r.count) }));

/** Sums per form version, metric and dimension (one service or all of the filter). */
export async function sums(db: Q, f: CounterFilter) {
  const r = await sql<{ form_version: string; metric: string; dimension: string; count: string }>`
    SELECT form_version, metric, dimension, sum(count)::text AS count FROM (${counters(f)}) c GROUP BY 1, 2, 3`.execute(db);
  return num(r.rows);
}

/** Sums per tenant and service, metric and dimension (overviews and peer groups). */
export async function sumsByService(db: Q, f: CounterFilter) {
  const r = await sql<{ tenant_id: string; service_key: string; metric: string; dimension: string; count: string }>`
    SELECT tenant_id, service_key, metric, dimension, sum(count)::text AS count FROM (${counters(f)}) c GROUP BY 1, 2, 3, 4`.execute(db);
  return num(r.rows);
}

export type SeriesBy = 'service' | 'form_version' | 'online_service' | 'dimension';
const BY_COLUMN: Record<SeriesBy, RawBuilder<unknown>> = { service: sql`service_key`, form_version: sql`form_version`, online_service: sql`online_service`, dimension: sql`dimension` };

/** Sums per period start (day, ISO week's Monday, month or year), series and metric/dimension. */
export async function seriesSums(db: Q, f: CounterFilter, interval: Interval, by?: SeriesBy) {
  const series = by ? BY_COLUMN[by] : sql`''`;
  const r = await sql<{ at: string; series: string; metric: string; dimension: string; count: string }>`
    SELECT to_char(date_trunc(${interval}, at), 'YYYY-MM-DD') AS at, ${series} AS series, metric, dimension, sum(count)::text AS count
      FROM (${counters(f)}) c GROUP BY 1, 2, 3, 4`.execute(db);
  return num(r.rows);
}

/** Offline applications per tenant and service over the months from `from`'s month to `to`'s. */
export async function offlineSums(db: Q, tenantIds: string[], range: Range, serviceKey?: string) {
  const r = await sql<{ tenant_id: string; service_key: string; count: string }>`
    SELECT tenant_id, service_key, sum(count)::text AS count FROM analytics_offline_counts
     WHERE tenant_id = ANY(${tenantIds}::uuid[]) AND month BETWEEN date_trunc('month', ${range.from}::date) AND ${range.to}::date
       ${serviceKey ? sql`AND service_key = ${serviceKey}` : sql``}
     GROUP BY 1, 2`.execute(db);
  return num(r.rows);
}

/** Offline applications per tenant and month start (all channels): series of the digital share,
 *  and the peer comparison's check of every month. */
export async function offlineByMonth(db: Q, tenantIds: string[], range: Range, serviceKey?: string) {
  const r = await sql<{ tenant_id: string; at: string; count: string }>`
    SELECT tenant_id, to_char(month, 'YYYY-MM-DD') AS at, sum(count)::text AS count FROM analytics_offline_counts
     WHERE tenant_id = ANY(${tenantIds}::uuid[]) AND month BETWEEN date_trunc('month', ${range.from}::date) AND ${range.to}::date
       ${serviceKey ? sql`AND service_key = ${serviceKey}` : sql``}
     GROUP BY 1, 2`.execute(db);
  return num(r.rows);
}

export function serviceNames(db: Q, tenantId: string) {
  return db.selectFrom('analytics_services').select(['service_key', 'name']).where('tenant_id', '=', tenantId).execute();
}

/** All municipalities and districts with their population (size classes are picked by the
 *  caller), or the members of one cooperation. */
export function peerCandidates(db: Q, cooperationSlug?: string) {
  let q = db.selectFrom('core_tenants as t').select(['t.id', 't.slug', 't.name', 't.type', 't.population']);
  if (cooperationSlug !== undefined) {
    q = q.where('t.id', 'in', db.selectFrom('core_cooperation_members as m').innerJoin('core_cooperations as c', 'c.id', 'm.cooperation_id')
      .select('m.tenant_id').where('c.slug', '=', cooperationSlug));
  }
  return q.orderBy('t.name').execute();
}

export function cooperationsOf(db: Q, tenantId: string) {
  return db.selectFrom('core_cooperation_members as m').innerJoin('core_cooperations as c', 'c.id', 'm.cooperation_id')
    .select(['c.slug', 'c.name']).where('m.tenant_id', '=', tenantId).orderBy('c.name').execute();
}
