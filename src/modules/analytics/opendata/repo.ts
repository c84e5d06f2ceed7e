// SQL of the open data: monthly sums of the published metrics, the municipalities, and what the
// publish job needs to find (its own catalogue datasets, the account it publishes under).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../server/db/types.ts';

type Q = Kysely<Database>;

/** The counters open data and the federal reports are made of (never comments). */
export const PUBLISHED_METRICS = ['view', 'start', 'submitted', 'rating'];

export type MonthSum = { month: string; tenant_id: string; service_key: string; metric: string; dimension: string; count: number };

/** Sums per month, municipality, service key, metric and dimension — every municipality, since
 *  the protection of one municipality's cells depends on all the others. */
export async function monthSums(db: Q, from: string, to: string): Promise<MonthSum[]> {
  const r = await sql<Omit<MonthSum, 'count'> & { count: string }>`
    SELECT to_char(month, 'YYYY-MM') AS month, tenant_id, service_key, metric, dimension, sum(count)::text AS count
      FROM analytics_counters_monthly
     WHERE month BETWEEN ${`${from}-01`}::date AND ${`${to}-01`}::date AND metric = ANY(${PUBLISHED_METRICS}::text[])
     GROUP BY 1, 2, 3, 4, 5`.execute(db);
  return r.rows.map((x) => ({ ...x, count: Number(x.count) }));
}

/** The first month with published metrics, if any (the default start of the open data). */
export async function firstMonth(db: Q): Promise<string | undefined> {
  const r = await sql<{ m: string | null }>`
    SELECT to_char(min(month), 'YYYY-MM') AS m FROM analytics_counters_monthly WHERE metric = ANY(${PUBLISHED_METRICS}::text[])`.execute(db);
  return r.rows[0]?.m ?? undefined;
}

export function tenants(db: Q) {
  return db.selectFrom('core_tenants').select(['id', 'slug', 'name', 'ars']).execute();
}
export type TenantRow = Awaited<ReturnType<typeof tenants>>[number];

/** Municipalities with published metrics up to `to` (a month), with their first month. */
export async function tenantsWithData(db: Q, to: string) {
  const r = await sql<{ id: string; slug: string; name: string; ars: string; first: string }>`
    SELECT t.id, t.slug, t.name, t.ars, to_char(min(m.month), 'YYYY-MM') AS first
      FROM analytics_counters_monthly m JOIN core_tenants t ON t.id = m.tenant_id
     WHERE m.month <= ${`${to}-01`}::date AND m.metric = ANY(${PUBLISHED_METRICS}::text[]) AND m.count > 0
     GROUP BY t.id ORDER BY t.slug`.execute(db);
  return r.rows;
}

/** A catalogue dataset by name with its resources — read only; every write goes through the
 *  catalogue's use cases (its index.ts), which keep history, audit and search in step. */
export async function datasetByName(db: Q, name: string) {
  const d = await db.selectFrom('catalog_datasets').select(['id', 'state']).where('name', '=', name).executeTakeFirst();
  if (!d) return undefined;
  const resources = await db.selectFrom('catalog_resources').select(['id', 'format', 'url', 'description'])
    .where('dataset_id', '=', d.id).orderBy('position').execute();
  return { ...d, resources };
}

/** The platform administration account the publish job acts for (the oldest active one). */
export function platformAdmin(db: Q) {
  return db.selectFrom('core_users').select(['id', 'email', 'name']).where('is_platform_admin', '=', true).where('disabled', '=', false)
    .orderBy('created_at').orderBy('id').executeTakeFirst();
}
