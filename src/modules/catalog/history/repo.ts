// SQL of the dataset history pages.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../server/db/types.ts';

type Q = Kysely<Database>;

export function historyPage(db: Q, datasetId: string, limit: number, offset: number) {
  return db
    .selectFrom('catalog_dataset_history')
    .select(['id', 'at', 'actor', 'action', 'before', 'after'])
    .where('dataset_id', '=', datasetId)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function historyCount(db: Q, datasetId: string): Promise<number> {
  const r = await db.selectFrom('catalog_dataset_history').select(sql<number>`count(*)::int`.as('n')).where('dataset_id', '=', datasetId).executeTakeFirstOrThrow();
  return r.n;
}
