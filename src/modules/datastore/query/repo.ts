// All SQL of the datastore's read side: page, count, facet, info, streamed exports and the
// execution of datastore_search_sql. Queries of the CKAN and REST APIs read the physical table
// named in datastore_tables (the view is for datastore_search_sql), so a long export never holds
// a lock on the view that a load's swap must take. Values are always parameters; identifiers are
// quoted by Kysely's sql.id; types come from the fixed FIELD_TYPES map.
import { sql, type RawBuilder } from 'kysely';
import pg from 'pg';
import Cursor from 'pg-cursor';
import { to as copyTo } from 'pg-copy-streams';
import type { Readable } from 'node:stream';
import { poolOf, type Db } from '../../../server/db/connect.ts';
import { FIELD_TYPES } from '../tables.ts';
import { dataRef } from '../repo.ts';
import { textSearchSql } from '../fulltext/repo.ts';
import { QueryInputError, type Column, type Cond, type Sort, type TextSearch } from './model.ts';

type Sql = RawBuilder<unknown>;
const col = (c: Column) => sql.id(c.id);
const typed = (c: Column, v: string) => sql`cast(${v} as ${sql.raw(FIELD_TYPES[c.type])})`;
const typedList = (c: Column, v: string[]) => sql`cast(${v} as ${sql.raw(FIELD_TYPES[c.type])}[])`;
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);
const asText = (c: Column) => (c.type === 'text' ? col(c) : sql`${col(c)}::text`);

export class QueryTimeout extends Error {}

/** Thrown when the served table is gone between reading its row and querying it (a swap). */
export class TableGone extends Error {}

// ---------------------------------------------------------------- conditions

export function condSql(cond: Cond): Sql {
  if ('and' in cond) return cond.and.length ? sql`(${sql.join(cond.and.map(condSql), sql` AND `)})` : sql`true`;
  if ('or' in cond) return cond.or.length ? sql`(${sql.join(cond.or.map(condSql), sql` OR `)})` : sql`false`;
  const c = cond.column;
  const v = cond.value;
  switch (cond.op) {
    case 'eq': return sql`${col(c)} = ${typed(c, v as string)}`;
    case 'ne': return sql`${col(c)} IS DISTINCT FROM ${typed(c, v as string)}`;
    case 'gt': return sql`${col(c)} > ${typed(c, v as string)}`;
    case 'gte': return sql`${col(c)} >= ${typed(c, v as string)}`;
    case 'lt': return sql`${col(c)} < ${typed(c, v as string)}`;
    case 'lte': return sql`${col(c)} <= ${typed(c, v as string)}`;
    case 'in': return (v as string[]).length ? sql`${col(c)} = ANY(${typedList(c, v as string[])})` : sql`false`;
    case 'notin': return (v as string[]).length ? sql`(${col(c)} IS NULL OR ${col(c)} <> ALL(${typedList(c, v as string[])}))` : sql`true`;
    case 'contains': return sql`${asText(c)} ILIKE ${`%${likeEscape(v as string)}%`}`;
    case 'startswith': return sql`${asText(c)} ILIKE ${`${likeEscape(v as string)}%`}`;
    case 'endswith': return sql`${asText(c)} ILIKE ${`%${likeEscape(v as string)}`}`;
    case 'isnull': return sql`${col(c)} IS NULL`;
    case 'notnull': return sql`${col(c)} IS NOT NULL`;
    case 'isblank': return sql`(${col(c)} IS NULL OR ${asText(c)} = '')`;
    case 'notblank': return sql`(${col(c)} IS NOT NULL AND ${asText(c)} <> '')`;
  }
}

// Full-text search (`q`, `_search`) is built in fulltext/repo.ts, with the index it must match.
export { textSearchSql };

export type Filter = { cond?: Cond; search?: TextSearch; extra?: Sql };

function whereSql(f: Filter, columns: Column[]): Sql {
  const parts: Sql[] = [];
  if (f.cond) parts.push(condSql(f.cond));
  if (f.search) parts.push(textSearchSql(f.search, columns).where);
  if (f.extra) parts.push(f.extra);
  return parts.length ? sql.join(parts, sql` AND `) : sql`true`;
}

function orderSql(sort: Sort[]): Sql[] {
  return sort.map((s) => sql`${col(s.column)} ${sql.raw(s.desc ? 'DESC' : 'ASC')}${s.nulls ? sql.raw(` NULLS ${s.nulls.toUpperCase()}`) : sql``}`);
}

// ---------------------------------------------------------------- value formats

/** How values come out: `json` for JSON records (numbers, booleans, ISO dates), `text` for CSV. */
export type ValueMode = 'json' | 'text';
const OID = { bool: 16, int8: 20, int2: 21, int4: 23, text: 25, json: 114, float4: 700, float8: 701, date: 1082, timestamp: 1114, timestamptz: 1184, numeric: 1700, jsonb: 3802 } as const;

function typeParsers(mode: ValueMode): pg.CustomTypesConfig {
  const types = pg.types;
  return {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
      if (format === 'binary') return types.getTypeParser(oid, format);
      switch (oid) {
        case OID.bool: return (v: string) => (mode === 'json' ? v === 't' : v === 't' ? 'true' : 'false');
        case OID.timestamp: case OID.timestamptz: return (v: string) => v.replace(' ', 'T');
        case OID.int8: case OID.int2: case OID.int4: case OID.float4: case OID.float8: case OID.numeric:
          return mode === 'json' ? (v: string) => { const n = Number(v); return Number.isFinite(n) ? n : v; } : (v: string) => v;
        case OID.json: case OID.jsonb: return mode === 'json' ? (v: string) => JSON.parse(v) : (v: string) => v;
        case OID.date: case OID.text: return (v: string) => v;
        default: return mode === 'json' ? types.getTypeParser(oid, 'text') : (v: string) => v;
      }
    }) as pg.CustomTypesConfig['getTypeParser'],
  };
}

// ---------------------------------------------------------------- running reads

/** Runs `fn` in a READ ONLY transaction with a statement timeout (and a search_path, if given). */
export async function withReadTx<T>(db: Db, o: { timeoutMs: number; searchPath?: string }, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await poolOf(db).connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN READ ONLY');
    await client.query(`SELECT set_config('statement_timeout', $1, true), set_config('lock_timeout', $1, true)${o.searchPath ? ", set_config('search_path', $2, true)" : ''}`, o.searchPath ? [String(o.timeoutMs), o.searchPath] : [String(o.timeoutMs)]);
    const r = await fn(client);
    await client.query('COMMIT');
    return r;
  } catch (e) {
    await client.query('ROLLBACK').catch((err: Error) => {
      broken = err;
    });
    throw mapPgError(e);
  } finally {
    client.release(broken);
  }
}

export function pgCode(e: unknown): string | undefined {
  return (e as { code?: string })?.code;
}

function mapPgError(e: unknown): unknown {
  const code = pgCode(e);
  if (code === '57014') return new QueryTimeout('Query took too long');
  if (code === '42P01') return new TableGone((e as Error).message);
  return e;
}

async function runRows(db: Db, client: pg.PoolClient, q: Sql, mode: ValueMode): Promise<unknown[][]> {
  const c = q.compile(db);
  const r = await client.query({ text: c.sql, values: c.parameters as unknown[], rowMode: 'array', types: typeParsers(mode) });
  return r.rows as unknown[][];
}

// ---------------------------------------------------------------- page, count, facet

export type PageQuery = {
  table: string;
  columns: Column[];
  select: Column[];
  filter: Filter;
  sort: Sort[];
  /** Order by text-search rank first (CKAN: when `q` is given and no `sort`). */
  rankFirst?: boolean;
  distinct?: boolean;
  limit: number;
  offset?: number;
  /** Extra trailing values per row: the sort column as text and `_id` (keyset tokens). */
  keysetOf?: Column;
  mode: ValueMode;
};

export function pageSql(p: PageQuery): Sql {
  const order = orderSql(p.sort);
  if (p.rankFirst && p.filter.search) order.unshift(sql`${textSearchSql(p.filter.search, p.columns).rank} DESC`);
  const cols = p.select.map(col);
  const extras = p.keysetOf ? [sql`${col(p.keysetOf)}::text AS "__keyset_value"`, sql`"_id" AS "__keyset_id"`] : [];
  return sql`SELECT ${sql.raw(p.distinct ? 'DISTINCT ' : '')}${sql.join([...cols, ...extras])} FROM ${dataRef(p.table)} WHERE ${whereSql(p.filter, p.columns)}${order.length ? sql` ORDER BY ${sql.join(order)}` : sql``} LIMIT ${p.limit} OFFSET ${p.offset ?? 0}`;
}

export function readPage(db: Db, client: pg.PoolClient, p: PageQuery): Promise<unknown[][]> {
  return runRows(db, client, pageSql(p), p.mode);
}

export async function countRows(db: Db, client: pg.PoolClient, o: { table: string; columns: Column[]; filter: Filter; distinctOf?: Column[] }): Promise<number> {
  const from = sql`${dataRef(o.table)} WHERE ${whereSql(o.filter, o.columns)}`;
  const q = o.distinctOf ? sql`SELECT count(*) FROM (SELECT DISTINCT ${sql.join(o.distinctOf.map(col))} FROM ${from}) t` : sql`SELECT count(*) FROM ${from}`;
  const rows = await runRows(db, client, q, 'json');
  return rows[0]![0] as number;
}

/** The planner's row estimate of a table (-1 when it was never analysed). */
export async function estimateRows(db: Db, client: pg.PoolClient, table: string): Promise<number> {
  const rows = await runRows(db, client, sql`SELECT coalesce((SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(${`datastore_data."${table.replace(/"/g, '""')}"`})), -1)`, 'json');
  return Number(rows[0]![0]);
}

export type FacetResult = { value: unknown; count: number }[];

/** Value counts of one column under a filter, most frequent first (then by value). With
 *  `withTotal`, also the number of rows under the filter: the sum of all groups' counts (NULL is a
 *  group too), taken over the groups before LIMIT, so the facet's scan gives the total as well. */
export async function facetCounts(db: Db, client: pg.PoolClient, o: { table: string; columns: Column[]; filter: Filter; column: Column; limit: number; withTotal?: boolean }): Promise<{ values: FacetResult; total?: number }> {
  const c = col(o.column);
  const total = o.withTotal ? sql`, sum(count(*)) OVER ()` : sql``;
  const rows = await runRows(db, client, sql`SELECT ${c}, count(*)${total} FROM ${dataRef(o.table)} WHERE ${whereSql(o.filter, o.columns)} GROUP BY ${c} ORDER BY count(*) DESC, ${c} ASC NULLS LAST LIMIT ${o.limit}`, 'json');
  return { values: rows.map((r) => ({ value: r[0], count: r[1] as number })), ...(o.withTotal && { total: rows.length ? Number(rows[0]![2]) : 0 }) };
}

// ---------------------------------------------------------------- datastore_info

export type ColumnSchema = { name: string; native_type: string; notnull: boolean; index_name: string | null; is_index: boolean; uniquekey: boolean };

export async function tableInfo(db: Db, table: string): Promise<{ size: number; idx_size: number; db_size: number; columns: ColumnSchema[] } | undefined> {
  const rel = `datastore_data."${table.replace(/"/g, '""')}"`;
  const sizes = await sql<{ size: number; idx_size: number; db_size: number }>`
    SELECT pg_relation_size(to_regclass(${rel})) AS size, pg_indexes_size(to_regclass(${rel})) AS idx_size, pg_database_size(current_database()) AS db_size
    WHERE to_regclass(${rel}) IS NOT NULL`.execute(db);
  if (!sizes.rows[0]) return undefined;
  const columns = await sql<ColumnSchema>`
    SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS native_type, a.attnotnull AS notnull,
           (SELECT ic.relname FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid WHERE i.indrelid = a.attrelid AND a.attnum = ANY(i.indkey) ORDER BY i.indnatts, ic.relname LIMIT 1) AS index_name,
           EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = a.attrelid AND a.attnum = ANY(i.indkey)) AS is_index,
           EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = a.attrelid AND i.indisunique AND i.indnatts = 1 AND i.indkey[0] = a.attnum) AS uniquekey
    FROM pg_attribute a WHERE a.attrelid = to_regclass(${rel}) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`.execute(db);
  return { ...sizes.rows[0], size: Number(sizes.rows[0].size), idx_size: Number(sizes.rows[0].idx_size), db_size: Number(sizes.rows[0].db_size), columns: columns.rows };
}

// ---------------------------------------------------------------- streamed exports

/** How a column reads in CSV: timestamps with a T, booleans as true/false, everything else as PostgreSQL prints it. */
export function csvExpr(c: Column): Sql {
  if (c.type === 'timestamp') return sql`replace(${col(c)}::text, ' ', 'T') AS ${col(c)}`;
  if (c.type === 'bool') return sql`${col(c)}::text AS ${col(c)}`;
  return col(c);
}

/**
 * The whole table as CSV with a header, streamed by `COPY … TO STDOUT`: constant memory, no row
 * materialised in Node. The client goes back to the pool when the stream ends or is destroyed.
 */
export async function exportCsv(db: Db, table: string, columns: Column[]): Promise<Readable> {
  const q = sql`COPY (SELECT ${sql.join(columns.map(csvExpr))} FROM ${dataRef(table)} ORDER BY "_id") TO STDOUT WITH (FORMAT csv, HEADER true)`.compile(db);
  if (q.parameters.length) throw new Error('COPY takes no parameters');
  const client = await poolOf(db).connect();
  try {
    // Fails fast (before headers are sent) when the table is gone.
    await client.query(sql`SELECT 1 FROM ${dataRef(table)} LIMIT 0`.compile(db).sql);
  } catch (e) {
    client.release();
    throw mapPgError(e);
  }
  return copyOut(client, q.sql);
}

/** Streams `COPY … TO STDOUT` on a pooled client, which goes back to the pool when the stream
 *  ends; destroyed by the consumer (client went away) mid-COPY, the connection is discarded. */
export function copyOut(client: pg.PoolClient, copySql: string): Readable {
  const stream = client.query(copyTo(copySql));
  let released = false;
  const release = (err?: Error) => {
    if (released) return;
    released = true;
    client.release(err);
  };
  stream.on('end', () => release());
  stream.on('error', (err) => release(err));
  stream.on('close', () => release(stream.readableEnded ? undefined : new Error('export aborted')));
  return stream;
}

/**
 * Rows of a query as text, read through a server-side cursor in batches: a generator the HTTP
 * layer turns into a stream, so memory stays flat whatever the table size.
 */
export async function* cursorLines(db: Db, q: Sql, batch = 2000): AsyncGenerator<string[], void, undefined> {
  const c = q.compile(db);
  const client = await poolOf(db).connect();
  let cursor: Cursor<unknown[]> | undefined;
  let broken: Error | undefined;
  try {
    cursor = client.query(new Cursor<unknown[]>(c.sql, c.parameters as unknown[], { rowMode: 'array', types: typeParsers('text') }));
    for (;;) {
      const rows = await cursor.read(batch);
      if (!rows.length) break;
      yield rows.map((r) => r[0] as string);
    }
  } catch (e) {
    broken = e as Error;
    throw mapPgError(e);
  } finally {
    await cursor?.close().catch((e: Error) => {
      broken = e;
    });
    client.release(broken);
  }
}

/** Each row as one JSON object (PostgreSQL writes the JSON: numbers stay exact). */
export const jsonRowsSql = (table: string, columns: Column[]) =>
  sql`SELECT row_to_json(p)::text FROM (SELECT ${sql.join(columns.map(col))} FROM ${dataRef(table)} ORDER BY "_id") p`;

/** Each row as a GeoJSON Feature: a Point from the lon/lat columns (null when either is empty), all columns as properties. */
export const geojsonRowsSql = (table: string, columns: Column[], lon: Column, lat: Column) =>
  sql`SELECT json_build_object('type', 'Feature', 'id', p."_id", 'geometry', CASE WHEN p.${col(lon)} IS NULL OR p.${col(lat)} IS NULL THEN NULL ELSE json_build_object('type', 'Point', 'coordinates', json_build_array(p.${col(lon)}, p.${col(lat)})) END, 'properties', row_to_json(p))::text
      FROM (SELECT ${sql.join(columns.map(col))} FROM ${dataRef(table)} ORDER BY "_id") p`;

// ---------------------------------------------------------------- datastore_search_sql

export type SqlResult = { fields: { id: string; type: string }[]; records: Record<string, unknown>[]; truncated: boolean };

/**
 * Runs one already checked SELECT in a READ ONLY transaction with statement timeout and
 * search_path `datastore`, through a cursor that reads at most maxRows + 1 rows (the extra row
 * only tells that there were more).
 */
export function runUserSelect(db: Db, text: string, o: { timeoutMs: number; maxRows: number }): Promise<SqlResult> {
  return withReadTx(db, { timeoutMs: o.timeoutMs, searchPath: 'datastore' }, async (client) => {
    const cursor = client.query(new Cursor<Record<string, unknown>>(text, [], { types: typeParsers('json') }));
    let read: { rows: Record<string, unknown>[]; fieldDefs: pg.FieldDef[] };
    try {
      read = await new Promise((resolve, reject) => {
        cursor.read(o.maxRows + 1, (err, rows, result) => (err ? reject(err) : resolve({ rows, fieldDefs: result?.fields ?? [] })));
      });
    } finally {
      // The cursor is the client's active query until closed: close it before the next query.
      await cursor.close().catch(() => undefined);
    }
    const names = await typeNames(client, read.fieldDefs.map((f) => f.dataTypeID));
    return {
      fields: read.fieldDefs.map((f) => ({ id: f.name, type: names.get(f.dataTypeID) ?? 'unknown' })),
      records: read.rows.slice(0, o.maxRows),
      truncated: read.rows.length > o.maxRows,
    };
  });
}

async function typeNames(client: pg.PoolClient, oids: number[]): Promise<Map<number, string>> {
  if (!oids.length) return new Map();
  const r = await client.query<{ oid: number; typname: string }>('SELECT oid::int AS oid, typname FROM pg_catalog.pg_type WHERE oid = ANY($1::oid[])', [oids]);
  return new Map(r.rows.map((x) => [x.oid, x.typname]));
}

export { QueryInputError };
