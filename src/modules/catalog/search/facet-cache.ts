// Facet counts over the whole public catalogue are the most expensive search (a scan of every
// dataset). They are cached in PostgreSQL, shared by all instances, and an entry counts only for
// the catalogue version it was computed at: any change to datasets, resources or organisations
// bumps the version by trigger, in the writing transaction.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../../server/db/connect.ts';

export async function cachedFacets<T>(db: Db, parts: unknown[], compute: () => Promise<T>): Promise<T> {
  const key = createHash('sha256').update(JSON.stringify(parts)).digest('hex');
  const { version } = await db.selectFrom('catalog_version').select(sql<string>`version::text`.as('version')).executeTakeFirstOrThrow();
  const hit = await db.selectFrom('catalog_facet_cache').select('result').where('key', '=', key).where('version', '=', version).executeTakeFirst();
  if (hit) return hit.result as T;
  const result = await compute();
  await db
    .insertInto('catalog_facet_cache')
    .values({ key, version, result: JSON.stringify(result) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ version, result: JSON.stringify(result), created_at: sql`now()` }))
    .execute();
  return result;
}
