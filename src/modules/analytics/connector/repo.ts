// SQL of the connector: sources and their keys, batches received, counters.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../server/db/types.ts';
import { todayBerlin } from '../metrics/periods.ts';

type Q = Kysely<Database>;

export function insertSource(db: Q, s: { tenantId: string; name: string; platform: string; keyHash: string; keyPrefix: string; createdBy: string }) {
  return db.insertInto('analytics_sources').values({ tenant_id: s.tenantId, name: s.name, platform: s.platform, key_hash: s.keyHash, key_prefix: s.keyPrefix, created_by: s.createdBy })
    .onConflict((oc) => oc.columns(['tenant_id', 'name']).doNothing()).returning(['id', 'name', 'platform', 'key_prefix', 'created_at']).executeTakeFirst();
}

export function listSources(db: Q, tenantId: string) {
  return db.selectFrom('analytics_sources').select(['id', 'name', 'platform', 'key_prefix', 'created_at', 'revoked_at']).where('tenant_id', '=', tenantId).orderBy('name').execute();
}

export function revokeSource(db: Q, tenantId: string, id: string) {
  return db.updateTable('analytics_sources').set({ revoked_at: sql<Date>`now()` }).where('tenant_id', '=', tenantId).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
}

/** The source behind a key, with its municipality's ARS. */
export function sourceByKey(db: Q, keyHash: string) {
  return db.selectFrom('analytics_sources as s').innerJoin('core_tenants as t', 't.id', 's.tenant_id')
    .select(['s.id', 's.tenant_id', 's.revoked_at', 't.ars']).where('s.key_hash', '=', keyHash).executeTakeFirst();
}

/** Records a batch; false when this source delivered the same batch id before (re-delivery). */
export async function claimBatch(db: Q, sourceId: string, batchId: string, events: number): Promise<boolean> {
  const r = await db.insertInto('analytics_batches').values({ source_id: sourceId, batch_id: batchId, events }).onConflict((oc) => oc.doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export type CounterDelta = { tenant_id: string; service_key: string; online_service: string; form_version: string; day: string; metric: string; dimension: string; count: number };

/** Adds the deltas to the daily counters and to their monthly rollup, in one statement each
 *  (each key once: the caller sums them first). */
export async function addCounters(db: Q, rows: CounterDelta[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 2000) {
    const chunk = rows.slice(i, i + 2000);
    await db.insertInto('analytics_counters').values(chunk)
      .onConflict((oc) => oc.columns(['tenant_id', 'service_key', 'online_service', 'form_version', 'day', 'metric', 'dimension'])
        .doUpdateSet({ count: sql`analytics_counters.count + excluded.count` })).execute();
  }
  const months = new Map<string, Omit<CounterDelta, 'day'> & { month: string }>();
  for (const { day, ...r } of rows) {
    const month = `${day.slice(0, 7)}-01`;
    const k = JSON.stringify([r.service_key, r.online_service, r.form_version, month, r.metric, r.dimension]);
    const m = months.get(k);
    if (m) m.count += r.count;
    else months.set(k, { ...r, month });
  }
  const monthly = [...months.values()];
  for (let i = 0; i < monthly.length; i += 2000) {
    await db.insertInto('analytics_counters_monthly').values(monthly.slice(i, i + 2000))
      .onConflict((oc) => oc.columns(['tenant_id', 'service_key', 'online_service', 'form_version', 'month', 'metric', 'dimension'])
        .doUpdateSet({ count: sql`analytics_counters_monthly.count + excluded.count` })).execute();
  }
  // Late events for a completed month change its published (protected) table: mark the month so
  // that the job protects it again. Events of the current month, nearly all, cost nothing here.
  const current = `${todayBerlin().slice(0, 7)}-01`;
  const late = [...new Set(monthly.map((m) => m.month))].filter((m) => m < current).sort();
  if (late.length) {
    await sql`INSERT INTO analytics_open_dirty (month) SELECT unnest(${late}::date[])`.execute(db);
  }
}

export type CommentRow = { tenant_id: string; service_key: string; online_service: string; form_version: string; day: string; rating: number; comment: string };

export async function addComments(db: Q, rows: CommentRow[]): Promise<void> {
  if (rows.length) await db.insertInto('analytics_comments').values(rows).execute();
}
