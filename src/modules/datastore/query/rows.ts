// The REST rows API in Datasette's style: `col__op=value` filters, `_sort`/`_sort_desc`, `_size`,
// an opaque keyset `_next` token (sort value + _id), `_facet`, `_search`, `_col`/`_nocol`.
import type { Ctx } from '../../../server/http/context.ts';
import { AppError, BadRequest } from '../../../server/http/errors.ts';
import { readableTable } from '../access.ts';
import type { TableRow } from '../repo.ts';
import { coerce, columnsOf, condition, DEFAULT_TS_CONFIG, findColumn, QueryInputError, type Column, type Cond, type Op, type Sort } from './model.ts';
import * as repo from './repo.ts';

export const ROWS_MAX_SIZE = 1000;
export const FACET_SIZE = 30;
export type RowsFormat = 'json' | 'csv' | 'geojson';
export type RowsQuery = Record<string, string | string[] | undefined>;

/** Datasette's operator names → ours. A bare `col=value` is `exact`. */
const REST_OPS: Record<string, Op> = { exact: 'eq', not: 'ne', gt: 'gt', gte: 'gte', lt: 'lt', lte: 'lte', in: 'in', notin: 'notin', contains: 'contains', startswith: 'startswith', endswith: 'endswith', isnull: 'isnull', notnull: 'notnull', isblank: 'isblank', notblank: 'notblank' };
const META = new Set(['_size', '_sort', '_sort_desc', '_next', '_facet', '_facet_size', '_search', '_col', '_nocol', '_count', '_shape']);

type Token = { s: string | null; d: boolean; v: string | null; i: number };
const encodeToken = (t: Token) => Buffer.from(JSON.stringify(t)).toString('base64url');
function decodeToken(raw: string): Token {
  try {
    const t = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Token;
    if (typeof t !== 'object' || t === null || !Number.isSafeInteger(t.i) || typeof t.d !== 'boolean' || !(t.s === null || typeof t.s === 'string') || !(t.v === null || typeof t.v === 'string')) throw new Error('shape');
    return t;
  } catch {
    throw new QueryInputError('_next', 'invalid _next token');
  }
}

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const one = (q: RowsQuery, key: string): string | undefined => {
  const v = q[key];
  if (Array.isArray(v)) {
    if (v.length > 1) throw new QueryInputError(key, `${key} may be given once`);
    return v[0];
  }
  return v;
};

function parseInValue(raw: string): string[] {
  if (raw.trim().startsWith('[')) {
    try {
      const arr = JSON.parse(raw) as unknown;
      if (Array.isArray(arr)) return arr.map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
    } catch {
      /* fall through to the comma list */
    }
  }
  return raw.split(',');
}

export type ParsedRows = {
  columns: Column[];
  select: Column[];
  cond?: Cond;
  search?: string;
  sort?: Sort;
  size: number;
  token?: Token;
  facets: Column[];
  facetSize: number;
  count: boolean;
  shape: 'objects' | 'arrays';
};

export function parseRowsQuery(table: TableRow, q: RowsQuery): ParsedRows {
  const columns = columnsOf(table.fields);
  const conds: Cond[] = [];
  for (const [key, value] of Object.entries(q)) {
    if (value === undefined) continue;
    if (key.startsWith('_') && !columns.some((c) => c.id === key) && !/__[a-z]+$/.test(key)) {
      if (!META.has(key)) throw new QueryInputError(key, `unknown parameter ${key}`);
      continue;
    }
    const m = /^(.*)__([a-z]+)$/.exec(key);
    const [colId, opName] = m && REST_OPS[m[2]!] && !columns.some((c) => c.id === key) ? [m[1]!, m[2]!] : [key, 'exact'];
    const col = findColumn(columns, colId, key, 'column');
    const op = REST_OPS[opName]!;
    for (const v of list(value)) {
      if (op === 'isnull' || op === 'notnull' || op === 'isblank' || op === 'notblank') {
        if (!/^(1|true|)$/i.test(v)) throw new QueryInputError(key, `${key} takes no value (or 1)`);
        conds.push(condition(col, op, undefined, key));
      } else conds.push(condition(col, op, op === 'in' || op === 'notin' ? parseInValue(v) : v, key));
    }
  }
  const sizeRaw = one(q, '_size');
  let size = 100;
  if (sizeRaw !== undefined) {
    if (sizeRaw === 'max') size = ROWS_MAX_SIZE;
    else {
      const n = Number(sizeRaw);
      if (!/^\d+$/.test(sizeRaw) || n < 1) throw new QueryInputError('_size', '_size must be a whole number ≥ 1 (or max)');
      if (n > ROWS_MAX_SIZE) throw new QueryInputError('_size', `_size must be at most ${ROWS_MAX_SIZE}`);
      size = n;
    }
  }
  const asc = one(q, '_sort');
  const desc = one(q, '_sort_desc');
  if (asc !== undefined && desc !== undefined) throw new QueryInputError('_sort', 'give either _sort or _sort_desc');
  const sortCol = asc ?? desc;
  const sort = sortCol !== undefined ? { column: findColumn(columns, sortCol, asc !== undefined ? '_sort' : '_sort_desc', 'column'), desc: desc !== undefined } : undefined;
  const nextRaw = one(q, '_next');
  const token = nextRaw ? decodeToken(nextRaw) : undefined;
  if (token && (token.s !== (sort && sort.column.id !== '_id' ? sort.column.id : null) || token.d !== !!sort?.desc)) throw new QueryInputError('_next', '_next belongs to another sort order');
  const colsIn = list(q._col).flatMap((x) => x.split(','));
  const colsOut = new Set(list(q._nocol).flatMap((x) => x.split(',')).map((x) => findColumn(columns, x, '_nocol', 'column').id));
  let select = colsIn.length ? [columns[0]!, ...colsIn.map((x) => findColumn(columns, x, '_col', 'column')).filter((c) => c.id !== '_id')] : columns;
  select = select.filter((c, i) => c.id === '_id' || (!colsOut.has(c.id) && select.indexOf(c) === i));
  const facets = list(q._facet).flatMap((x) => x.split(',')).map((x) => findColumn(columns, x, '_facet', 'column'));
  if (facets.length > 10) throw new QueryInputError('_facet', 'at most 10 facets');
  const facetSizeRaw = one(q, '_facet_size');
  const facetSize = facetSizeRaw === undefined ? FACET_SIZE : Number(facetSizeRaw);
  if (!Number.isInteger(facetSize) || facetSize < 1 || facetSize > 100) throw new QueryInputError('_facet_size', '_facet_size must be 1 … 100');
  const search = one(q, '_search')?.trim() || undefined;
  const countRaw = one(q, '_count');
  if (countRaw !== undefined && !/^(0|1|true|false)$/.test(countRaw)) throw new QueryInputError('_count', '_count is 0 or 1');
  const shape = one(q, '_shape') ?? 'objects';
  if (shape !== 'objects' && shape !== 'arrays') throw new QueryInputError('_shape', '_shape is objects or arrays');
  if (token?.s && token.v !== null) coerceToken(findColumn(columns, token.s, '_next'), token.v);
  return { columns, select, cond: conds.length ? { and: conds } : undefined, search, sort, size, token, facets, facetSize, count: countRaw === undefined || countRaw === '1' || countRaw === 'true', shape };
}

function coerceToken(c: Column, v: string): string {
  try {
    return coerce(c, v, '_next');
  } catch {
    throw new QueryInputError('_next', 'invalid _next token');
  }
}

/** The keyset condition after the row the token names (order: sort column, then _id ascending; NULLs last). */
function keysetCond(p: ParsedRows): Cond | undefined {
  const t = p.token;
  if (!t) return undefined;
  const idCol = p.columns[0]!;
  const after: Cond = { column: idCol, op: 'gt', value: String(t.i) };
  if (!p.sort || p.sort.column.id === '_id') return p.sort?.desc ? { column: idCol, op: 'lt', value: String(t.i) } : after;
  const c = p.sort.column;
  if (t.v === null) return { and: [{ column: c, op: 'isnull' }, after] };
  const v = coerceToken(c, t.v);
  return { or: [{ column: c, op: p.sort.desc ? 'lt' : 'gt', value: v }, { and: [{ column: c, op: 'eq', value: v }, after] }, { column: c, op: 'isnull' }] };
}

export type RowsPage = {
  resource_id: string;
  fields: { id: string; type: string; info?: unknown }[];
  rows: unknown[];
  total: number | null;
  next: string | null;
  facets?: Record<string, { values: { value: unknown; count: number }[]; truncated: boolean }>;
};

export const presentField = (c: Column) => ({ id: c.id, type: c.type, ...(c.info && Object.keys(c.info).length ? { info: c.info } : {}) });

export function geoColumns(columns: Column[]): { lat: Column; lon: Column } | undefined {
  const lat = columns.find((c) => c.info?.geo === 'lat' && (c.type === 'numeric' || c.type === 'int'));
  const lon = columns.find((c) => c.info?.geo === 'lon' && (c.type === 'numeric' || c.type === 'int'));
  return lat && lon ? { lat, lon } : undefined;
}

/** One page of rows (and facets, total) for the REST API; `mode` text gives CSV-ready values. */
export async function readRows(ctx: Ctx, resourceId: string, q: RowsQuery, o: { timeoutMs: number; format: RowsFormat }): Promise<RowsPage & { select: Column[]; geo?: { lat: Column; lon: Column } }> {
  const { table } = await readableTable(ctx, resourceId);
  const p = parseRowsQuery(table, q);
  const geo = geoColumns(p.columns);
  if (o.format === 'geojson' && !geo) throw BadRequest('Diese Tabelle hat keine Koordinaten: keine Spalten mit Datenwörterbuch-Angabe geo lat und lon (Zahlen).', [{ field: 'format', message: 'no lat/lon columns' }]);
  const select = o.format === 'geojson' && geo ? [...p.select, ...[geo.lat, geo.lon].filter((c) => !p.select.includes(c))] : p.select;
  const idCol = p.columns[0]!;
  const sort: Sort[] = p.sort ? [{ column: p.sort.column, desc: p.sort.desc, nulls: 'last' }] : [];
  if (!p.sort || p.sort.column !== idCol) sort.push({ column: idCol, desc: false });
  const search = p.search ? { q: p.search, language: DEFAULT_TS_CONFIG, plain: true } : undefined;
  const filter: repo.Filter = { cond: p.cond, search };
  const keyset = keysetCond(p);
  const pageFilter: repo.Filter = { cond: keyset ? (p.cond ? { and: [p.cond, keyset] } : keyset) : p.cond, search };
  const keysetOf = p.sort?.column ?? idCol;
  const mode = o.format === 'csv' ? 'text' : 'json';
  return await repo.withReadTx(ctx.db, { timeoutMs: o.timeoutMs }, async (client) => {
    const rows = await repo.readPage(ctx.db, client, { table: table.table_name, columns: p.columns, select, filter: pageFilter, sort, limit: p.size + 1, keysetOf, mode });
    const more = rows.length > p.size;
    const page = rows.slice(0, p.size);
    const last = page[page.length - 1];
    const next = more && last ? encodeToken({ s: keysetOf.id === '_id' ? null : keysetOf.id, d: !!p.sort?.desc, v: last[select.length] as string | null, i: Number(last[select.length + 1]) }) : null;
    const filtered = !!(p.cond || search);
    let total: number | null = null;
    const facets: RowsPage['facets'] = {};
    for (const f of p.facets) {
      // Under a filter, the first facet counts the filtered rows too: no second scan for the total.
      const withTotal = p.count && filtered && total === null;
      const r = await repo.facetCounts(ctx.db, client, { table: table.table_name, columns: p.columns, filter, column: f, limit: p.facetSize + 1, withTotal });
      if (withTotal) total = r.total!;
      facets[f.id] = { values: r.values.slice(0, p.facetSize), truncated: r.values.length > p.facetSize };
    }
    // Unfiltered, the total is the table's row count, which loads, pushes and deletes keep in the
    // transaction that changes the rows: a count(*) over a big table would cost as much as a facet.
    if (p.count && total === null) total = filtered ? await repo.countRows(ctx.db, client, { table: table.table_name, columns: p.columns, filter }) : Number(table.row_count);
    const body = page.map((r) => r.slice(0, select.length));
    return {
      resource_id: table.resource_id,
      fields: select.map(presentField),
      rows: p.shape === 'arrays' || o.format === 'csv' ? body : body.map((r) => Object.fromEntries(select.map((c, i) => [c.id, r[i]]))),
      total,
      next,
      ...(p.facets.length ? { facets } : {}),
      select,
      ...(geo ? { geo } : {}),
    };
  });
}

/** Maps query errors to problem+json: bad input 400 naming the parameter, timeouts 503. */
export function asProblem(e: unknown): unknown {
  if (e instanceof QueryInputError) return BadRequest(e.message, [{ field: `query.${e.param}`, message: e.message }]);
  if (e instanceof repo.QueryTimeout) return new AppError(503, 'query-timeout', 'Abfrage dauerte zu lange', 'Die Abfrage hat das Zeitlimit überschritten; bitte enger filtern.', [], { 'retry-after': '5' });
  if (e instanceof repo.TableGone) return new AppError(503, 'table-replaced', 'Tabelle wird gerade ersetzt', 'Die Tabelle wurde eben neu geladen; bitte erneut versuchen.', [], { 'retry-after': '1' });
  const code = repo.pgCode(e);
  if (code?.startsWith('22')) return BadRequest((e as Error).message);
  return e;
}

