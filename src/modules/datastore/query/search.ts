// CKAN's datastore_search and datastore_info over a resource's served table, with CKAN's
// parameters, result shape and error types (2.11, plus 2.12's range filters and next_page).
import type { Ctx } from '../../../server/http/context.ts';
import { readableTable } from '../access.ts';
import { CkanValidation, ckanFlag, ckanInt, ckanText, type CkanParams } from '../../catalog/index.ts';
import { columnsOf, DEFAULT_TS_CONFIG, findColumn, QueryInputError, TS_CONFIGS, type Column, type Sort, type TextSearch } from './model.ts';
import { parseCkanFilters, parseCkanSort, splitList } from './ckan-filters.ts';
import * as repo from './repo.ts';
import { toCsvLine } from './csv.ts';

export type QueryLimits = { timeoutMs: number; searchRowsMax: number };

const RECORDS_FORMATS = ['objects', 'lists', 'csv', 'tsv'] as const;
type RecordsFormat = (typeof RECORDS_FORMATS)[number];
const KNOWN = new Set(['resource_id', 'id', 'filters', 'q', 'full_text', 'plain', 'language', 'distinct', 'fields', 'sort', 'limit', 'offset', 'include_total', 'total_estimation_threshold', 'records_format', 'include_next_page']);

/** Runs `fn` and turns query input errors into CKAN's Validation Error (409) naming the parameter. */
export async function asCkan<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof QueryInputError) throw new CkanValidation({ [e.param]: [e.message] });
    if (e instanceof repo.QueryTimeout) throw new CkanValidation({ query: ['Query took too long'] });
    if (repo.pgCode(e) === '42601' || repo.pgCode(e)?.startsWith('22')) throw new CkanValidation({ query: [(e as Error).message] });
    throw e;
  }
}

function resourceIdOf(p: CkanParams): string {
  const id = ckanText(p.resource_id) ?? ckanText(p.id);
  if (!id) throw new CkanValidation({ resource_id: ['Missing value'] });
  return id;
}

function parseFields(raw: unknown, columns: Column[]): Column[] {
  if (raw === undefined || raw === null || raw === '') return columns;
  const names = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? splitList(raw).map((n) => n.replace(/^"(.*)"$/, '$1')) : undefined;
  if (!names) throw new QueryInputError('fields', 'fields must be a list or a comma-separated string');
  return names.map((n) => findColumn(columns, n, 'fields'));
}

function parseQ(p: CkanParams, columns: Column[]): TextSearch | undefined {
  const language = ckanText(p.language) ?? DEFAULT_TS_CONFIG;
  if (!TS_CONFIGS.has(language)) throw new QueryInputError('language', `unknown language "${language}" (one of ${[...TS_CONFIGS].join(', ')})`);
  const plain = p.plain === undefined ? true : ckanFlag(p.plain);
  let q = p.q ?? p.full_text;
  if (typeof q === 'string' && q.trim().startsWith('{')) {
    try {
      q = JSON.parse(q);
    } catch {
      /* a plain search text that happens to start with a brace */
    }
  }
  if (q === undefined || q === null || q === '') return undefined;
  if (typeof q === 'string' || typeof q === 'number') return { q: String(q), language, plain };
  if (typeof q === 'object' && !Array.isArray(q)) {
    const per = new Map<Column, string>();
    for (const [k, v] of Object.entries(q)) {
      if (typeof v !== 'string' && typeof v !== 'number') throw new QueryInputError('q', `search text for field "${k}" must be a string`);
      per.set(findColumn(columns, k, 'q'), String(v));
    }
    return per.size ? { q: per, language, plain } : undefined;
  }
  throw new QueryInputError('q', 'q must be a string or a dict of field → text');
}

function linkFor(p: CkanParams, offset: number | undefined): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) {
    if (k === 'offset' || v === undefined || v === null) continue;
    qs.set(k, typeof v === 'string' ? v : JSON.stringify(v));
  }
  if (offset !== undefined) qs.set('offset', String(offset));
  return `/api/3/action/datastore_search?${qs.toString()}`;
}

export async function datastoreSearch(ctx: Ctx, p: CkanParams, limits: QueryLimits) {
  const resourceId = resourceIdOf(p);
  for (const k of Object.keys(p)) if (!KNOWN.has(k)) throw new CkanValidation({ [k]: [`invalid value "${String(p[k])}"`] });
  const { table } = await readableTable(ctx, resourceId);
  return asCkan(async () => {
    const columns = columnsOf(table.fields);
    const select = parseFields(p.fields, columns);
    const cond = parseCkanFilters(p.filters, columns);
    const search = parseQ(p, columns);
    const sort: Sort[] = parseCkanSort(p.sort, columns);
    const limit = ckanInt(p, 'limit', 100, 0, limits.searchRowsMax);
    const offset = ckanInt(p, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
    const distinct = ckanFlag(p.distinct);
    const includeTotal = p.include_total === undefined ? true : ckanFlag(p.include_total);
    const threshold = p.total_estimation_threshold === undefined || p.total_estimation_threshold === null || p.total_estimation_threshold === '' ? undefined : ckanInt(p, 'total_estimation_threshold', 0, 0, Number.MAX_SAFE_INTEGER);
    const format = (ckanText(p.records_format) ?? 'objects') as RecordsFormat;
    if (!RECORDS_FORMATS.includes(format)) throw new QueryInputError('records_format', `value must be one of: ${RECORDS_FORMATS.join(', ')}`);
    if (distinct) {
      for (const s of sort) if (!select.includes(s.column)) throw new QueryInputError('sort', `field "${s.column.id}" must be one of the fields when distinct is true`);
    }
    const rankFirst = !!search && sort.length === 0;
    // CKAN's default order is `_id`; with distinct the selected columns; as a tie-break after a sort, `_id`.
    const order: Sort[] = sort.length ? [...sort] : [];
    const idCol = columns[0]!;
    if (!distinct && !order.some((s) => s.column === idCol)) order.push({ column: idCol, desc: false });
    if (distinct && !order.length) order.push(...select.map((c) => ({ column: c, desc: false })));
    const filter = { cond, search };

    const { rows, total, estimated } = await repo.withReadTx(ctx.db, { timeoutMs: limits.timeoutMs }, async (client) => {
      const rows = limit === 0 ? [] : await repo.readPage(ctx.db, client, { table: table.table_name, columns, select, filter, sort: order, rankFirst, distinct, limit, offset, mode: format === 'csv' || format === 'tsv' ? 'text' : 'json' });
      if (!includeTotal) return { rows, total: undefined, estimated: false };
      if (threshold !== undefined && !cond && !search && !distinct) {
        const est = await repo.estimateRows(ctx.db, client, table.table_name);
        if (est >= 0 && est >= threshold) return { rows, total: est, estimated: true };
      }
      // Unfiltered, the row count kept with the table is exact (see rows.ts): no count(*) scan.
      if (!cond && !search && !distinct) return { rows, total: Number(table.row_count), estimated: false };
      return { rows, total: await repo.countRows(ctx.db, client, { table: table.table_name, columns, filter, distinctOf: distinct ? select : undefined }), estimated: false };
    });

    let records: unknown;
    if (format === 'objects') records = rows.map((r) => Object.fromEntries(select.map((c, i) => [c.id, r[i]])));
    else if (format === 'lists') records = rows;
    else records = rows.map((r) => toCsvLine(r as (string | null)[], format === 'tsv' ? '\t' : ',')).join('');

    const result: Record<string, unknown> = {
      include_total: includeTotal,
      limit,
      records_format: format,
      resource_id: table.resource_id,
      total_estimation_threshold: threshold ?? null,
      ...(p.offset !== undefined && { offset }),
      ...(p.filters !== undefined && { filters: typeof p.filters === 'string' ? JSON.parse(p.filters) : p.filters }),
      ...(p.q !== undefined && { q: p.q }),
      ...(p.sort !== undefined && { sort: p.sort }),
      ...(distinct && { distinct: true }),
      ...(p.language !== undefined && { language: p.language }),
      records,
      fields: select.map(presentField),
      _links: { start: linkFor(p, undefined), next: linkFor(p, offset + limit) },
    };
    if (includeTotal) {
      result.total = total;
      result.total_was_estimated = estimated;
    }
    // CKAN 2.12: a filter for the next page when the order is by _id alone (faster than offset).
    if (ckanFlag(p.include_next_page) && order.length === 1 && order[0]!.column === idCol && rows.length === limit && limit > 0) {
      const idx = select.indexOf(idCol);
      const last = idx >= 0 ? rows[rows.length - 1]![idx] : undefined;
      if (last !== undefined && last !== null) result.next_page = { _id: { [order[0]!.desc ? 'lt' : 'gt']: Number(last) } };
    }
    return result;
  });
}

const presentField = (c: Column) => ({ id: c.id, type: c.type, ...(c.info && Object.keys(c.info).length ? { info: c.info } : {}) });

export async function datastoreInfo(ctx: Ctx, p: CkanParams) {
  const resourceId = resourceIdOf(p);
  const { table } = await readableTable(ctx, resourceId);
  const info = await repo.tableInfo(ctx.db, table.table_name);
  const schemaOf = new Map((info?.columns ?? []).map((c) => [c.name, c]));
  const includeMeta = p.include_meta === undefined ? true : ckanFlag(p.include_meta);
  const includeSchema = p.include_fields_schema === undefined ? true : ckanFlag(p.include_fields_schema);
  return {
    ...(includeMeta && {
      meta: {
        id: table.resource_id,
        aliases: [],
        count: Number(table.row_count),
        size: info?.size ?? 0,
        idx_size: info?.idx_size ?? 0,
        db_size: info?.db_size ?? 0,
        table_type: 'BASE TABLE',
        version: table.version,
        source: table.source,
        primary_key: table.primary_key,
        last_modified: new Date(table.updated_at).toISOString(),
      },
    }),
    fields: table.fields.map((f) => {
      const s = schemaOf.get(f.id);
      return {
        id: f.id, type: f.type, ...(f.info && Object.keys(f.info).length ? { info: f.info } : {}),
        ...(includeSchema && s && { schema: { native_type: s.native_type, index_name: s.index_name, is_index: s.is_index, notnull: s.notnull, uniquekey: s.uniquekey } }),
      };
    }),
  };
}
