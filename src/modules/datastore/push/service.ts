// CKAN's push actions: datastore_create, datastore_upsert, datastore_delete. Each checks the
// caller (editor of the resource's tenant), then the whole input, then writes in one transaction
// with its audit entry: a refused request names every bad field and record and changes nothing.
import type { Transaction } from 'kysely';
import type { Ctx } from '../../../server/http/context.ts';
import type { Db } from '../../../server/db/connect.ts';
import type { Database } from '../../../server/db/types.ts';
import { NotFound } from '../../../server/http/errors.ts';
import { recordAudit } from '../../core/index.ts';
import { CkanValidation, ckanFlag, ckanText, createResource, updateResource, type CkanParams } from '../../catalog/index.ts';
import { writableResource } from '../access.ts';
import type { Field } from '../tables.ts';
import type { TableRow } from '../repo.ts';
import { fieldNameProblem, guessType, mergeFields, readFields, readNameList } from './fields.ts';
import { checkValue, readRecords, type Row } from './records.ts';
import { METHODS, writeRecords, type Method } from './write.ts';
import { pushSettings } from './settings.ts';
import * as repo from './repo.ts';
import * as tables from './tables-sql.ts';
import { enqueueSearchIndex } from '../fulltext/jobs.ts';
import { SEARCH_INDEX_MIN_ROWS } from '../fulltext/repo.ts';

type Errors = Record<string, string[]>;
type Dict = Record<string, unknown>;

function collector() {
  const errors: Errors = {};
  return {
    errors,
    err: (key: string) => (m: string) => void (errors[key] ??= []).push(m),
    fail() {
      if (Object.keys(errors).length) throw new CkanValidation(errors);
    },
  };
}

/** Like CKAN: without `force`, only resources whose url_type is "datastore" take pushed rows. */
function checkReadOnly(r: { url_type: string | null }, force: boolean) {
  if (!force && r.url_type !== 'datastore') {
    throw new CkanValidation({ 'read-only': ['Cannot edit read-only resource. Either pass "force=True" or change url_type to "datastore"'] });
  }
}

/** The transaction as a Db whose transaction() runs in it, so the catalogue's resource use cases
 *  (which open their own transaction) become part of ours: datastore_create with a resource dict
 *  creates the resource and the table together, or neither. */
function joining(trx: Transaction<Database>): Db {
  const proxy: Db = new Proxy(trx, {
    get(t, k) {
      if (k === 'transaction') return () => ({ execute: <T>(fn: (db: Db) => Promise<T>) => fn(proxy) });
      const v = Reflect.get(t, k, t) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
    },
  });
  return proxy;
}

/** Values of a table row's conversion that failed, named for the caller (see explain). */
export class ConversionFailed extends Error {
  constructor(readonly table: string, readonly from: Field[], readonly to: Field[]) {
    super('a value does not convert to its new type');
  }
}

const isDataException = (e: unknown) => typeof (e as { code?: unknown }).code === 'string' && (e as { code: string }).code.startsWith('22');

/** PostgreSQL's refusals of pushed data as CKAN validation errors (after the rollback). */
async function explain(db: Db, e: unknown): Promise<unknown> {
  if (e instanceof ConversionFailed) {
    const bad = await tables.findUnconvertible(db, e.table, e.from, e.to);
    const byField = new Map<string, string[]>();
    for (const b of bad) byField.set(b.field, [...(byField.get(b.field) ?? []), `_id ${b._id}: ${JSON.stringify(b.value)}`]);
    return new CkanValidation({ fields: [...byField].map(([f, rows]) => `"${f}": values that do not convert to ${e.to.find((x) => x.id === f)?.type}: ${rows.join(', ')}`) });
  }
  const pg = e as { code?: string; message?: string; detail?: string };
  if (pg.code === '23505') {
    if (/could not create unique index/.test(pg.message ?? '')) return new CkanValidation({ primary_key: [`the existing rows repeat a primary key value: ${pg.detail ?? ''}`.trim()] });
    return new CkanValidation({ records: [`duplicate key value: ${pg.detail ?? pg.message}`] });
  }
  if (isDataException(e)) return new CkanValidation({ records: [pg.message ?? 'invalid value'] });
  return e;
}

async function guarded<T>(db: Db, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw await explain(db, e);
  }
}

const fieldsOut = (fields: Field[]) => fields.map((f) => ({ id: f.id, type: f.type, ...(f.info && Object.keys(f.info).length ? { info: f.info } : {}) }));
const summary = (t: { version: number; fields: Field[]; primary_key: string[]; row_count: number } | undefined) =>
  t ? { version: t.version, fields: fieldsOut(t.fields), primary_key: t.primary_key, row_count: t.row_count } : null;

function readIndexes(raw: unknown, names: Set<string>, err: (m: string) => void): string[][] {
  if (raw === undefined || raw === null) return [];
  const list = typeof raw === 'string' ? (raw.trim() ? raw.split(',').map((s) => s.trim()) : []) : raw;
  if (!Array.isArray(list)) return err('indexes must be a list of field names'), [];
  return list.map((ix) => readNameList(ix, 'indexes', names, err) ?? []).filter((ix) => ix.length);
}

/** What datastore_create asks of a table (given its current state): all checks, no writes. */
function planCreate(current: TableRow | undefined, p: CkanParams, maxRecords: number) {
  const { err, fail } = collector();
  const given = readFields(p.fields, err('fields'));
  const first = Array.isArray(p.records) && p.records[0] && typeof p.records[0] === 'object' && !Array.isArray(p.records[0]) ? (p.records[0] as Dict) : undefined;
  const existing = current?.fields ?? [];
  const known = new Map(existing.map((f) => [f.id, f]));
  const declared: Field[] = [];
  for (const g of given) {
    const type = g.type ?? known.get(g.id)?.type ?? (first && g.id in first ? guessType(first[g.id]) : undefined);
    if (!type) err('fields')(`"${g.id}" type not guessable: give its type`);
    else declared.push({ id: g.id, type, ...(g.info !== undefined ? { info: g.info } : {}) });
  }
  // Fields of the first record that are neither declared nor in the table: typed from their value, as CKAN does.
  for (const [k, v] of Object.entries(first ?? {})) {
    if (known.has(k) || given.some((g) => g.id === k)) continue;
    const bad = fieldNameProblem(k);
    if (bad) err('fields')(bad);
    else declared.push({ id: k, type: guessType(v) });
  }
  const fields = mergeFields(existing, declared);
  const names = new Set(fields.map((f) => f.id));
  const primaryKey = readNameList(p.primary_key, 'primary_key', names, err('primary_key')) ?? current?.primary_key ?? [];
  const indexes = readIndexes(p.indexes, names, err('indexes'));
  const records = readRecords(p.records, fields, { maxRecords, keys: primaryKey });
  for (const m of records.errors) err('records')(m);
  fail();
  const infoChanged = JSON.stringify(fieldsOut(fields)) !== JSON.stringify(fieldsOut(existing));
  const columnsChanged = fields.length !== existing.length || fields.some((f) => known.get(f.id)?.type !== f.type);
  const keyChanged = !!current && primaryKey.join('\u0000') !== current.primary_key.join('\u0000');
  return { fields, primaryKey, indexes, rows: records.rows, infoChanged, columnsChanged, keyChanged };
}

const sameIndex = (a: string[], b: string[]) => a.join('\u0000') === b.join('\u0000');

export async function datastoreCreate(ctx: Ctx, p: CkanParams) {
  const settings = pushSettings(ctx.db);
  const resourceId = ckanText(p.resource_id);
  const dict = p.resource;
  if (dict !== undefined && resourceId) throw new CkanValidation({ resource: ['resource cannot be used with resource_id'] });
  if (dict === undefined && !resourceId) throw new CkanValidation({ resource_id: ['resource_id or resource required'] });
  if (dict !== undefined && (!dict || typeof dict !== 'object' || Array.isArray(dict))) throw new CkanValidation({ resource: ['Must be a resource dict with package_id'] });
  const pre = resourceId ? await writableResource(ctx, resourceId) : undefined;
  if (pre) checkReadOnly(pre, ckanFlag(p.force));
  // Checks that need no table come first, so a bad request creates no resource even for a moment.
  if (!pre) planCreate(undefined, p, settings.maxRecords);

  return guarded(ctx.db, () => ctx.db.transaction().execute(async (trx) => {
    let r = pre;
    if (!r) {
      const d = dict as Dict;
      const hasUrl = typeof d.url === 'string' && d.url !== '';
      const tctx = { ...ctx, db: joining(trx) };
      // Like CKAN: a resource without a URL is datastore-only; its URL is its table as CSV.
      const created = await createResource(tctx, hasUrl ? d : { ...d, url: `${settings.publicUrl}/api/v1/resources`, url_type: 'datastore' });
      if (!created) throw new Error('resource_create returned nothing');
      if (!hasUrl) await updateResource(tctx, { id: created.id, url: `${settings.publicUrl.replace(/\/+$/, '')}/api/v1/resources/${created.id}/rows.csv` }, true);
      r = await writableResource(tctx, created.id);
    }
    const current = await tables.lockTable(trx, r.id, 'update');
    const plan = planCreate(current, p, settings.maxRecords);
    let version = current?.version ?? 0;
    let table = current?.table_name ?? '';
    let inserted = 0;
    let rowCount = 0;
    const oldIndexes = current ? await tables.indexColumns(trx, current.table_name) : [];
    const newIndexes = plan.indexes.filter((ix) => !oldIndexes.some((o) => sameIndex(o, ix)) && !sameIndex(ix, plan.primaryKey));
    if (!current) {
      version = await tables.nextVersion(trx, r.id);
      table = await tables.createEmptyVersion(trx, { resourceId: r.id, version, fields: plan.fields, primaryKey: plan.primaryKey, indexes: plan.indexes });
      inserted = (await writeRecords(trx, table, plan.fields, plan.primaryKey, plan.rows, 'insert')).inserted;
      rowCount = inserted;
      await tables.swapInVersion(trx, { resourceId: r.id, tenantId: r.tenant_id, tableName: table, fields: plan.fields, primaryKey: plan.primaryKey, version, source: 'push', rowCount });
    } else if (plan.columnsChanged || plan.keyChanged || newIndexes.length) {
      // A column or key change is the next version, built beside the served one (ADR 0005).
      version = await tables.nextVersion(trx, r.id);
      const spec = { resourceId: r.id, version, fields: plan.fields, primaryKey: plan.primaryKey, indexes: [...oldIndexes, ...newIndexes] };
      try {
        table = await tables.createConvertedVersion(trx, current.table_name, current.fields, spec);
      } catch (e) {
        if (isDataException(e)) throw new ConversionFailed(current.table_name, current.fields, plan.fields);
        throw e;
      }
      const kept = await repo.countRows(trx, table);
      inserted = (await writeRecords(trx, table, plan.fields, plan.primaryKey, plan.rows, 'insert')).inserted;
      rowCount = kept + inserted;
      await tables.swapInVersion(trx, { resourceId: r.id, tenantId: r.tenant_id, tableName: table, fields: plan.fields, primaryKey: plan.primaryKey, version, source: current.source, rowCount });
      await tables.dropReplacedVersion(trx, r.id, current.table_name, current.version);
    } else {
      inserted = (await writeRecords(trx, table, plan.fields, plan.primaryKey, plan.rows, 'insert')).inserted;
      if (plan.infoChanged) await repo.setFields(trx, r.id, plan.fields);
      await repo.bumpTable(trx, r.id, inserted);
      rowCount = current.row_count + inserted;
      if (current.row_count < SEARCH_INDEX_MIN_ROWS) await enqueueSearchIndex(trx, { resourceId: r.id, tenantId: r.tenant_id, tableName: table, rowCount });
    }
    const after = { version, fields: fieldsOut(plan.fields), primary_key: plan.primaryKey, row_count: rowCount, inserted };
    await recordAudit(trx, ctx, { tenantId: r.tenant_id, action: 'datastore.create', entityType: 'resource', entityId: r.id, before: summary(current), after });
    return {
      resource_id: r.id, fields: fieldsOut(plan.fields), primary_key: plan.primaryKey, method: 'insert' as const,
      ...(plan.indexes.length ? { indexes: plan.indexes.map((ix) => ix.join(',')) } : {}),
    };
  }));
}

class DryRun<T> extends Error {
  constructor(readonly result: T) {
    super('dry run');
  }
}

const keyOf = (row: Row, key: string[]) => Object.fromEntries(key.map((k) => [k, row[k]]));

export async function datastoreUpsert(ctx: Ctx, p: CkanParams) {
  const { maxRecords } = pushSettings(ctx.db);
  const resourceId = ckanText(p.resource_id) ?? ckanText(p.id);
  if (!resourceId) throw new CkanValidation({ resource_id: ['Missing value'] });
  const r = await writableResource(ctx, resourceId);
  checkReadOnly(r, ckanFlag(p.force));
  const method = (p.method === undefined || p.method === null || p.method === '' ? 'upsert' : ckanText(p.method)) as Method;
  if (!METHODS.includes(method)) throw new CkanValidation({ method: [`Value must be one of ${METHODS.join(', ')}`] });
  if (p.records === undefined || p.records === null) throw new CkanValidation({ records: ['Missing value'] });
  const dryRun = ckanFlag(p.dry_run);
  try {
    return await guarded(ctx.db, () => ctx.db.transaction().execute(async (trx) => {
      const t = await tables.lockTable(trx, r.id, 'share');
      if (!t) throw NotFound('Datastore-Tabelle');
      if (method !== 'insert' && !t.primary_key.length) throw new CkanValidation({ table: ['table does not have a unique key defined'] });
      const rec = readRecords(p.records, t.fields, { maxRecords, keys: t.primary_key });
      if (rec.errors.length) throw new CkanValidation({ records: rec.errors });
      const w = await writeRecords(trx, t.table_name, t.fields, t.primary_key, rec.rows, method);
      if (w.missing.length) {
        const rows = new Map(rec.rows.map((x) => [x._ord, x]));
        throw new CkanValidation({ key: w.missing.slice(0, 20).map((i) => `key ${JSON.stringify(keyOf(rows.get(i)!, t.primary_key))} not found (records[${i}])`) });
      }
      await repo.bumpTable(trx, r.id, w.inserted);
      // Grown past the search index threshold: the index is built now (bigger tables got it at the swap).
      if (t.row_count < SEARCH_INDEX_MIN_ROWS) await enqueueSearchIndex(trx, { resourceId: r.id, tenantId: r.tenant_id, tableName: t.table_name, rowCount: t.row_count + w.inserted });
      await recordAudit(trx, ctx, {
        tenantId: r.tenant_id, action: 'datastore.upsert', entityType: 'resource', entityId: r.id,
        before: { row_count: t.row_count }, after: { method, records: rec.rows.length, inserted: w.inserted, updated: w.updated, row_count: t.row_count + w.inserted },
      });
      const result = { resource_id: r.id, method, inserted: w.inserted, updated: w.updated, ...(dryRun ? { dry_run: true } : {}) };
      if (dryRun) throw new DryRun(result);
      return result;
    }));
  } catch (e) {
    if (e instanceof DryRun) return e.result as unknown;
    throw e;
  }
}

/** `filters`: {field: value or [values]}; null matches empty values. */
function readFilters(raw: unknown, fields: Field[]): repo.Condition[] {
  const { err, fail } = collector();
  const bad = err('filters');
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new CkanValidation({ filters: ['filters must be a dict of field: value or [values]'] });
  const byId = new Map<string, Field>([['_id', { id: '_id', type: 'int' }], ...fields.map((f) => [f.id, f] as const)]);
  const out: repo.Condition[] = [];
  for (const [k, v] of Object.entries(raw as Dict)) {
    const field = byId.get(k);
    if (!field) {
      bad(`field "${k}" not in table`);
      continue;
    }
    const values = Array.isArray(v) ? v : [v];
    if (!values.length) bad(`"${k}": give at least one value`);
    const checked = values.map((x) => (x === null ? { ok: true as const, value: null } : checkValue(field.type, x)));
    checked.forEach((c, i) => {
      if (!c.ok) bad(`"${k}": ${c.why} (field is ${field.type})${values.length > 1 ? ` at ${i}` : ''}`);
    });
    out.push({ field, values: checked.map((c) => (c.ok ? c.value : null)) });
  }
  fail();
  return out;
}

export async function datastoreDelete(ctx: Ctx, p: CkanParams) {
  const resourceId = ckanText(p.resource_id) ?? ckanText(p.id);
  if (!resourceId) throw new CkanValidation({ resource_id: ['Missing value'] });
  const r = await writableResource(ctx, resourceId);
  checkReadOnly(r, ckanFlag(p.force));
  const filters = typeof p.filters === 'string' ? parseJson(p.filters) : p.filters;
  return guarded(ctx.db, () => ctx.db.transaction().execute(async (trx) => {
    const t = await tables.lockTable(trx, r.id, filters === undefined ? 'update' : 'share');
    if (!t) throw NotFound('Datastore-Tabelle');
    if (filters === undefined) {
      await tables.dropDatastore(trx, r.id);
      await recordAudit(trx, ctx, { tenantId: r.tenant_id, action: 'datastore.delete', entityType: 'resource', entityId: r.id, before: summary(t), after: null });
      return { resource_id: r.id };
    }
    const conditions = readFilters(filters, t.fields);
    const deleted = await repo.deleteRows(trx, t.table_name, conditions);
    await repo.bumpTable(trx, r.id, -deleted);
    await recordAudit(trx, ctx, { tenantId: r.tenant_id, action: 'datastore.delete_rows', entityType: 'resource', entityId: r.id, before: { row_count: t.row_count }, after: { filters, deleted, row_count: t.row_count - deleted } });
    return { resource_id: r.id, filters, deleted };
  }));
}

function parseJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    throw new CkanValidation({ filters: ['filters must be a JSON object'] });
  }
}
