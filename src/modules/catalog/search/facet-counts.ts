// Facets of the whole public catalogue from the counters that triggers keep (migration
// 20261123_1040): totals plus the deltas not yet folded in. Same answer as counting the
// datasets, without scanning them; package-search.ts uses it for unfiltered public searches.
import { sql } from 'kysely';
import type { Db } from '../../../server/db/connect.ts';

export type FacetRow = { v: string; n: number };

export async function countedFacets(db: Db, fields: string[], limit: number, min: number) {
  const wanted = ['_total', ...fields];
  const r = await sql<{ field: string; v: string; n: number }>`
    WITH t AS (
      SELECT field, value, sum(n)::int AS n FROM (
        SELECT field, value, n FROM catalog_facet_counts WHERE field = ANY(${wanted})
        UNION ALL
        SELECT field, value, n FROM catalog_facet_deltas WHERE field = ANY(${wanted})) x
      GROUP BY field, value HAVING sum(n) >= greatest(${min}::int, 1) OR field = '_total'),
    named AS (
      SELECT t.field, CASE t.field WHEN 'organization' THEN o.name WHEN 'tenant' THEN te.slug ELSE t.value END AS v, t.n
        FROM t
        LEFT JOIN catalog_organizations o ON t.field = 'organization' AND o.id::text = t.value
        LEFT JOIN core_tenants te ON t.field = 'tenant' AND te.id::text = t.value),
    ranked AS (SELECT field, v, n, row_number() OVER (PARTITION BY field ORDER BY n DESC, v) AS rn FROM named WHERE v IS NOT NULL)
    SELECT field, v, n FROM ranked WHERE ${limit}::int < 0 OR rn <= ${limit}::int OR field = '_total' ORDER BY field, n DESC, v`.execute(db);
  const facets: Record<string, FacetRow[]> = Object.fromEntries(fields.map((f) => [f, []]));
  let total = 0;
  for (const row of r.rows) {
    if (row.field === '_total') total = row.n;
    else facets[row.field]!.push({ v: row.v, n: row.n });
  }
  return { total, facets };
}

/** Folds the deltas into the totals (the job `catalog.facets.compact`); returns rows folded. */
export async function compactFacetCounts(db: Db): Promise<number> {
  const r = await sql<{ n: string }>`SELECT catalog_facet_compact() AS n`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}
