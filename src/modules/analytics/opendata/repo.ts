// SQL of the open data: monthly sums of the published metrics, the municipalities, and what the
// publish job needs to find (its own catalogue datasets, the account it publishes under).
import { sql, type Kysely } from 'kysely';
import Cursor from 'pg-cursor';
import { poolOf, type Db } from '../../../server/db/connect.ts';
import type { Database } from '../../../server/db/types.ts';

type Q = Kysely<Database>;

/** The counters open data and the federal reports are made of (never comments). */
export const PUBLISHED_METRICS = ['view', 'start', 'submitted', 'rating'];

export type MonthSum = { month: string; tenant_id: string; service_key: string; metric: string; dimension: string; count: number };

/** Sums per month, municipality, service key, metric and dimension of these months (YYYY-MM) —
 *  every municipality, since the protection of one municipality's cells depends on all the
 *  others. (One scan of the monthly counters, whichever months are asked for.) */
export async function monthSums(db: Q, months: string[]): Promise<MonthSum[]> {
  const r = await sql<Omit<MonthSum, 'count'> & { count: string }>`
    SELECT to_char(month, 'YYYY-MM') AS month, tenant_id, service_key, metric, dimension, sum(count)::text AS count
      FROM analytics_counters_monthly
     WHERE month = ANY(${months.map((m) => `${m}-01`)}::date[]) AND metric = ANY(${PUBLISHED_METRICS}::text[])
     GROUP BY 1, 2, 3, 4, 5`.execute(db);
  return r.rows.map((x) => ({ ...x, count: Number(x.count) }));
}

/** The first month with published metrics, if any: from the stored table (its primary key starts
 *  with the month, so this is one index probe), else from the counters (a scan of all of them). */
export async function firstMonth(db: Q): Promise<string | undefined> {
  const stored = await sql<{ m: string | null }>`SELECT to_char(min(month), 'YYYY-MM') AS m FROM analytics_open_cells`.execute(db);
  return stored.rows[0]?.m ?? firstCountedMonth(db);
}

/** The first month with published metrics in the counters (the job's warm-up; a full scan). */
export async function firstCountedMonth(db: Q): Promise<string | undefined> {
  const r = await sql<{ m: string | null }>`
    SELECT to_char(min(month), 'YYYY-MM') AS m FROM analytics_counters_monthly WHERE metric = ANY(${PUBLISHED_METRICS}::text[]) AND count > 0`.execute(db);
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
  const d = await db.selectFrom('catalog_datasets')
    .select(['id', 'state', 'temporal_start', 'temporal_end', 'issued', 'modified', 'frequency', 'hvd_category', 'extras'])
    .where('name', '=', name).executeTakeFirst();
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

// ---------------------------------------------------------------- the stored protected table

/** Months of `from`…`to` (YYYY-MM) stored protected with this minimum. */
export async function storedMonths(db: Q, from: string, to: string, minCell: number): Promise<string[]> {
  const r = await sql<{ m: string }>`
    SELECT to_char(month, 'YYYY-MM') AS m FROM analytics_open_months
     WHERE month BETWEEN ${`${from}-01`}::date AND ${`${to}-01`}::date AND min_cell = ${minCell}`.execute(db);
  return r.rows.map((x) => x.m);
}

export type StoredCell = {
  month: string; level: string; tenant_id: string | null; service_key: string | null;
  views: number | null; starts: number | null; submissions: number | null; ratings: number[] | null;
};

/** Replaces a month's stored cells; run it in a transaction (it takes a lock per month until the
 *  end of it, so two writers of one month take turns). */
export async function storeMonth(trx: Q, month: string, minCell: number, cells: Omit<StoredCell, 'month'>[]): Promise<void> {
  const col = <T>(f: (c: Omit<StoredCell, 'month'>) => T) => cells.map(f);
  const star = (i: number) => col((c) => c.ratings?.[i] ?? null);
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`analytics.open:${month}`}))`.execute(trx);
  await sql`DELETE FROM analytics_open_months WHERE month = ${`${month}-01`}::date`.execute(trx);
  await sql`INSERT INTO analytics_open_months (month, min_cell) VALUES (${`${month}-01`}::date, ${minCell})`.execute(trx);
  if (!cells.length) return;
  await sql`
    INSERT INTO analytics_open_cells (month, position, level, tenant_id, service_key, views, starts, submissions, r1, r2, r3, r4, r5)
    SELECT ${`${month}-01`}::date, ord::int, l, t, s, v, st, sub, a, b, c, d, e
      FROM unnest(${col((c) => c.level)}::text[], ${col((c) => c.tenant_id)}::uuid[], ${col((c) => c.service_key)}::text[],
                  ${col((c) => c.views)}::bigint[], ${col((c) => c.starts)}::bigint[], ${col((c) => c.submissions)}::bigint[],
                  ${star(0)}::bigint[], ${star(1)}::bigint[], ${star(2)}::bigint[], ${star(3)}::bigint[], ${star(4)}::bigint[])
           WITH ORDINALITY AS x(l, t, s, v, st, sub, a, b, c, d, e, ord)`.execute(trx);
}

type CellRow = Omit<StoredCell, 'ratings' | 'views' | 'starts' | 'submissions'> & Record<'views' | 'starts' | 'submissions' | 'r1' | 'r2' | 'r3' | 'r4' | 'r5', string | null>;
const n = (x: string | null) => (x === null ? null : Number(x));
const toCell = (r: CellRow): StoredCell => ({
  month: r.month, level: r.level, tenant_id: r.tenant_id, service_key: r.service_key, views: n(r.views), starts: n(r.starts), submissions: n(r.submissions),
  ratings: r.r1 === null ? null : [r.r1, r.r2, r.r3, r.r4, r.r5].map(Number),
});
const CELL_COLUMNS = sql`to_char(month, 'YYYY-MM') AS month, level, tenant_id, service_key, views::text, starts::text, submissions::text, r1::text, r2::text, r3::text, r4::text, r5::text`;

type CellFilter = { tenantId?: string; serviceKey?: string };
const cellsOf = (from: string, to: string, f: CellFilter) => sql`
  analytics_open_cells WHERE month BETWEEN ${`${from}-01`}::date AND ${`${to}-01`}::date
    ${f.tenantId ? sql`AND tenant_id = ${f.tenantId} AND level IN ('zelle', 'summe_kommune')` : sql``}
    ${f.serviceKey ? sql`AND service_key = ${f.serviceKey} AND level IN ('zelle', 'summe_leistung')` : sql``}`;

/** The stored cells of `from`…`to`, in publication order; `tenantId` keeps a municipality's cells
 *  and its total, `serviceKey` a service's cells and its total (both: the one cell). */
export async function storedCells(db: Q, from: string, to: string, f: CellFilter = {}): Promise<StoredCell[]> {
  const r = await sql<CellRow>`SELECT ${CELL_COLUMNS} FROM ${cellsOf(from, to, f)} ORDER BY month, position`.execute(db);
  return r.rows.map(toCell);
}

/** The same rows as storedCells, read through a server-side cursor in batches (constant memory
 *  for downloads of any size). */
export async function* storedCellBatches(db: Db, from: string, to: string, f: CellFilter = {}, batch = 5000): AsyncGenerator<StoredCell[]> {
  const q = sql<CellRow>`SELECT ${CELL_COLUMNS} FROM ${cellsOf(from, to, f)} ORDER BY month, position`.compile(db);
  const client = await poolOf(db).connect();
  let cursor: Cursor<CellRow> | undefined;
  let broken: Error | undefined;
  try {
    cursor = client.query(new Cursor<CellRow>(q.sql, q.parameters as unknown[]));
    for (;;) {
      const rows = await cursor.read(batch);
      if (!rows.length) return;
      yield rows.map(toCell);
    }
  } catch (e) {
    broken = e as Error;
    throw e;
  } finally {
    // Also when the consumer stops early (the client went away): close the cursor, and discard
    // a connection that failed.
    await cursor?.close().catch((e: Error) => void (broken = e));
    client.release(broken);
  }
}

/** How many rows storedCells would give. */
export async function countStoredCells(db: Q, from: string, to: string, f: CellFilter = {}): Promise<number> {
  const r = await sql<{ n: string }>`SELECT count(*)::text AS n FROM ${cellsOf(from, to, f)}`.execute(db);
  return Number(r.rows[0]!.n);
}

/** One service's stored cells of these municipalities (the peer comparison). */
export async function storedServiceCells(db: Q, serviceKey: string, tenantIds: string[], from: string, to: string): Promise<StoredCell[]> {
  const r = await sql<CellRow>`
    SELECT ${CELL_COLUMNS} FROM analytics_open_cells
     WHERE service_key = ${serviceKey} AND level = 'zelle' AND month BETWEEN ${`${from}-01`}::date AND ${`${to}-01`}::date
       AND tenant_id = ANY(${tenantIds}::uuid[])`.execute(db);
  return r.rows.map(toCell);
}

/** Takes the marks of late events: the months (YYYY-MM) they name. In the caller's transaction,
 *  so that they come back if protecting fails; a batch committed after this statement keeps its
 *  mark, and one committed before it is in every sum read afterwards. */
export async function takeDirtyMonths(trx: Q): Promise<string[]> {
  const r = await sql<{ month: string }>`DELETE FROM analytics_open_dirty RETURNING to_char(month, 'YYYY-MM') AS month`.execute(trx);
  return [...new Set(r.rows.map((x) => x.month))].sort();
}

/** The months marked by late events (for tests and the job's report). */
export async function dirtyMonths(db: Q): Promise<string[]> {
  const r = await sql<{ month: string }>`SELECT DISTINCT to_char(month, 'YYYY-MM') AS month FROM analytics_open_dirty ORDER BY 1`.execute(db);
  return r.rows.map((x) => x.month);
}

/** When the month was last protected, if it is stored. */
export async function protectedAt(db: Q, month: string): Promise<Date | undefined> {
  const r = await sql<{ at: Date }>`SELECT protected_at AS at FROM analytics_open_months WHERE month = ${`${month}-01`}::date`.execute(db);
  return r.rows[0]?.at;
}
