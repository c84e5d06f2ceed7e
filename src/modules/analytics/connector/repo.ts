// SQL of the connector: sources and their keys, batches received, counters.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../server/db/types.ts';

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

/** Adds the deltas in one statement (each key once: the caller sums them first). */
export async function addCounters(db: Q, rows: CounterDelta[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 2000) {
    await db.insertInto('analytics_counters').values(rows.slice(i, i + 2000))
      .onConflict((oc) => oc.columns(['tenant_id', 'service_key', 'online_service', 'form_version', 'day', 'metric', 'dimension'])
        .doUpdateSet({ count: sql`analytics_counters.count + excluded.count` })).execute();
  }
}
