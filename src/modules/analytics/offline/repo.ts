// SQL of the offline application counts (counter, post, e-mail, phone) per service and month.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../server/db/types.ts';

type Q = Kysely<Database>;
export type OfflineRow = { service_key: string; month: string; channel: string; count: number };

export function list(db: Q, tenantId: string, f: { from: string; to: string; serviceKey?: string }) {
  let q = db.selectFrom('analytics_offline_counts')
    .select(['service_key', sql<string>`to_char(month, 'YYYY-MM')`.as('month'), 'channel', 'count', 'updated_at'])
    .where('tenant_id', '=', tenantId).where('month', '>=', f.from).where('month', '<=', f.to);
  if (f.serviceKey) q = q.where('service_key', '=', f.serviceKey);
  return q.orderBy('month').orderBy('service_key').orderBy('channel').execute();
}

/** Sets the counts (a month's count is replaced, not added: re-importing a file changes nothing). */
export async function upsert(db: Q, tenantId: string, userId: string | null, rows: OfflineRow[]) {
  for (let i = 0; i < rows.length; i += 2000) {
    await db.insertInto('analytics_offline_counts')
      .values(rows.slice(i, i + 2000).map((r) => ({ tenant_id: tenantId, service_key: r.service_key, month: `${r.month}-01`, channel: r.channel, count: r.count, updated_by: userId })))
      .onConflict((oc) => oc.columns(['tenant_id', 'service_key', 'month', 'channel'])
        .doUpdateSet({ count: sql`excluded.count`, updated_by: sql`excluded.updated_by`, updated_at: sql`now()` }))
      .execute();
  }
}
