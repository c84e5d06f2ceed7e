// Reading the merged view of a schema: the REST rows API's filters, sort, columns and search
// (parsed by the query module's parseRowsQuery, conditions by its condSql), with offset paging
// (`_offset`), since `_id` repeats across resources; and the whole view as CSV by COPY.
import { sql, type RawBuilder } from 'kysely';
import type { Readable } from 'node:stream';
import type { Ctx } from '../../../server/http/context.ts';
import { poolOf } from '../../../server/db/connect.ts';
import { parseRowsQuery, presentField, ROWS_MAX_SIZE, type RowsQuery } from '../query/rows.ts';
import { condSql, copyOut, csvExpr, textSearchSql, withReadTx } from '../query/repo.ts';
import { DEFAULT_TS_CONFIG, QueryInputError, type Column } from '../query/model.ts';
import type { TableRow } from '../repo.ts';
import * as repo from './repo.ts';
import { mergedSchema } from './service.ts';

type Sql = RawBuilder<unknown>;
export const OFFSET_MAX = 1_000_000;

/** The query module's view of a table, for the merged view's columns. */
function asTable(s: repo.SchemaRow): TableRow {
  return { resource_id: s.id, tenant_id: '', table_name: s.view_name, fields: repo.mergedColumns(s.table_schema), primary_key: [], row_count: 0, version: 1, source: 'push', updated_at: s.updated_at };
}

/** Merged rows in a stable order: the sort column (if any), then kommune, resource, _id. */
function orderBy(sort: { column: Column; desc: boolean } | undefined): Sql {
  const tail = [sql`"kommune"`, sql`"resource_id"`, sql`"_id"`];
  return sql.join(sort ? [sql`${sql.id(sort.column.id)} ${sql.raw(sort.desc ? 'DESC' : 'ASC')} NULLS LAST`, ...tail] : tail);
}

export async function readMergedRows(ctx: Ctx, slug: string, name: string, q: RowsQuery, o: { timeoutMs: number }) {
  const { coop, schema } = await mergedSchema(ctx, slug, name);
  const { _offset, ...rest } = q;
  for (const k of ['_next', '_facet', '_facet_size']) if (rest[k] !== undefined) throw new QueryInputError(k, `${k} is not supported on the merged view (use _offset)`);
  const offsetRaw = Array.isArray(_offset) ? _offset[0] : _offset;
  const offset = offsetRaw === undefined ? 0 : Number(offsetRaw);
  if (offsetRaw !== undefined && (!/^\d+$/.test(offsetRaw) || offset > OFFSET_MAX)) throw new QueryInputError('_offset', `_offset must be a whole number 0 … ${OFFSET_MAX}`);
  const p = parseRowsQuery(asTable(schema), rest);
  const where: Sql[] = [];
  if (p.cond) where.push(condSql(p.cond));
  if (p.search) where.push(textSearchSql({ q: p.search, language: DEFAULT_TS_CONFIG, plain: true }, p.columns).where);
  const whereSql = where.length ? sql.join(where, sql` AND `) : sql`true`;
  const view = repo.viewTable(schema.view_name);
  // _id first as in every datastore table, then kommune, ars, resource_id and the schema's fields.
  const select = p.select;
  return withReadTx(ctx.db, { timeoutMs: o.timeoutMs }, async (client) => {
    const page = sql`SELECT to_json(x) AS r FROM (SELECT ${sql.join(select.map((c) => sql.id(c.id)))} FROM ${view} WHERE ${whereSql} ORDER BY ${orderBy(p.sort)} LIMIT ${p.size} OFFSET ${offset}) x`.compile(ctx.db);
    const rows = (await client.query(page.sql, page.parameters as unknown[])).rows.map((r: { r: Record<string, unknown> }) => r.r);
    let total: number | null = null;
    if (p.count) {
      const c = sql`SELECT count(*)::bigint AS n FROM ${view} WHERE ${whereSql}`.compile(ctx.db);
      total = Number((await client.query(c.sql, c.parameters as unknown[])).rows[0].n);
    }
    const next = rows.length === p.size && (total === null || offset + p.size < total) ? offset + p.size : null;
    return {
      cooperation: coop.slug, schema: schema.name, version: schema.version, view: `datastore."${schema.view_name}"`,
      fields: select.map(presentField), select,
      rows: p.shape === 'arrays' ? rows.map((r: Record<string, unknown>) => select.map((c) => r[c.id])) : rows,
      total, offset, next_offset: next, size: p.size,
    };
  });
}

/** The whole merged view as CSV with a header, streamed by COPY (timestamps with a T). */
export async function exportMergedCsv(ctx: Ctx, slug: string, name: string): Promise<{ stream: Readable; filename: string }> {
  const { coop, schema } = await mergedSchema(ctx, slug, name);
  const cols: Column[] = [{ id: '_id', type: 'int' }, ...repo.mergedColumns(schema.table_schema)];
  const q = sql`COPY (SELECT ${sql.join(cols.map(csvExpr))} FROM ${repo.viewTable(schema.view_name)} ORDER BY "kommune", "resource_id", "_id") TO STDOUT WITH (FORMAT csv, HEADER true)`.compile(ctx.db);
  if (q.parameters.length) throw new Error('COPY takes no parameters');
  const stream = copyOut(await poolOf(ctx.db).connect(), q.sql);
  return { stream, filename: `${coop.slug}-${schema.name}.csv` };
}

export { ROWS_MAX_SIZE };
