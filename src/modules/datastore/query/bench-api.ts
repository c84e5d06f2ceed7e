// The read queries as functions for benchmarks (bench/ingest.ts): exactly the SQL the REST API
// runs, without HTTP. Public tables only (the caller is a system actor, as anonymous readers).
import type { Db } from '../../../server/db/connect.ts';
import type { Ctx } from '../../../server/http/context.ts';
import { readRows, type RowsQuery } from './rows.ts';

const benchCtx = (db: Db): Ctx => ({ db, actor: { kind: 'system', label: 'bench' } });

/**
 * One filtered, sorted page: `filters` in the REST form (`{"stadt": "Fulda", "wert__gte": "10"}`),
 * sorted by `sort` (descending with `desc`), `size` rows (default 100), with the filtered total
 * unless `count` is false.
 */
export async function filteredSortedPage(db: Db, resourceId: string, o: { filters?: Record<string, string>; sort?: string; desc?: boolean; size?: number; count?: boolean; timeoutMs?: number } = {}) {
  const q: RowsQuery = { ...o.filters, _size: String(o.size ?? 100), _count: o.count === false ? '0' : '1' };
  if (o.sort) q[o.desc ? '_sort_desc' : '_sort'] = o.sort;
  const page = await readRows(benchCtx(db), resourceId, q, { timeoutMs: o.timeoutMs ?? 60_000, format: 'json' });
  return { rows: page.rows, total: page.total, next: page.next };
}

/** Value counts of `column` (most frequent first) under optional REST-form filters. */
export async function facetQuery(db: Db, resourceId: string, column: string, o: { filters?: Record<string, string>; size?: number; timeoutMs?: number } = {}) {
  const q: RowsQuery = { ...o.filters, _facet: column, _facet_size: String(o.size ?? 30), _size: '1', _count: '0' };
  const page = await readRows(benchCtx(db), resourceId, q, { timeoutMs: o.timeoutMs ?? 60_000, format: 'json' });
  return page.facets![column]!;
}
