// The data dictionary of a datastore table (labels, notes, units per column) and retyping after
// import. A dictionary edit changes only the bookkeeping; a type change builds the next version
// with CREATE TABLE … AS SELECT and casts and swaps it in (ADR 0005: never ALTER in place). When
// values do not convert, nothing changes and the caller learns which rows (_id, value) are at fault.
import type { Ctx } from '../../../server/http/context.ts';
import { AppError, Conflict, NotFound, ValidationFailed, type FieldIssue } from '../../../server/http/errors.ts';
import { recordAudit } from '../../core/index.ts';
import { readableTable, writableResource } from '../access.ts';
import type { Field, FieldInfo } from '../tables.ts';
import type { TableRow } from '../repo.ts';
import { fieldType } from './fields.ts';
import * as repo from './repo.ts';
import * as tables from './tables-sql.ts';

export type InfoPatch = { label?: string | null; notes?: string | null; unit?: string | null; geo?: 'lat' | 'lon' | null };
export type FieldPatch = { id: string; type?: string; info?: InfoPatch };

export function presentFields(resourceId: string, t: TableRow) {
  return {
    resource_id: resourceId, version: t.version, source: t.source, primary_key: t.primary_key, row_count: Number(t.row_count),
    updated_at: new Date(t.updated_at).toISOString(),
    fields: t.fields.map((f) => ({ id: f.id, type: f.type, info: f.info ?? {} })),
  };
}

export async function getFields(ctx: Ctx, resourceId: string) {
  const { resource, table } = await readableTable(ctx, resourceId);
  return presentFields(resource.id, table);
}

/** 409: values that do not convert to the new type; `rows` lists up to 20 of them. */
export class RetypeFailed extends AppError {
  constructor(readonly rows: tables.Unconvertible[]) {
    super(409, 'conflict', 'Werte passen nicht zum neuen Typ', `${rows.length >= 20 ? 'Mindestens 20' : rows.length} Werte lassen sich nicht umwandeln; nichts wurde geändert`,
      rows.map((r) => ({ field: `fields.${r.field}.type`, message: `_id ${r._id}: ${JSON.stringify(r.value)} ist kein gültiger Wert für ${r.to}` })));
  }
}

class NeedsDiagnosis extends Error {
  constructor(readonly table: string, readonly from: Field[], readonly to: Field[], readonly failure: unknown) {
    super('conversion failed');
  }
}

function applyInfo(old: FieldInfo | undefined, p: InfoPatch | undefined): FieldInfo | undefined {
  if (!p) return old;
  const out: Record<string, string> = { ...(old ?? {}) };
  for (const [k, v] of Object.entries(p)) {
    if (v === null || v === '' || v === undefined) delete out[k];
    else out[k] = v;
  }
  return Object.keys(out).length ? (out as FieldInfo) : undefined;
}

function applyPatches(current: Field[], patches: FieldPatch[]): Field[] {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  const next = current.map((f) => ({ ...f }));
  patches.forEach((p, i) => {
    const at = next.findIndex((f) => f.id === p.id);
    if (at < 0) return void issues.push({ field: `fields.${i}.id`, message: `Spalte "${p.id}" gibt es in dieser Tabelle nicht` });
    if (seen.has(p.id)) return void issues.push({ field: `fields.${i}.id`, message: `Spalte "${p.id}" ist doppelt angegeben` });
    seen.add(p.id);
    const type = p.type === undefined ? next[at]!.type : fieldType(p.type);
    if (!type) return void issues.push({ field: `fields.${i}.type`, message: `unbekannter Typ "${p.type}" (text, int, numeric, date, timestamp, bool, json)` });
    const info = applyInfo(next[at]!.info, p.info);
    next[at] = { id: p.id, type, ...(info ? { info } : {}) };
  });
  if (issues.length) throw ValidationFailed(issues);
  return next;
}

const isDataException = (e: unknown) => String((e as { code?: unknown }).code ?? '').startsWith('22');

export async function patchFields(ctx: Ctx, resourceId: string, patches: FieldPatch[]) {
  const r = await writableResource(ctx, resourceId);
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const t = await tables.lockTable(trx, r.id, 'update');
      if (!t) throw NotFound('Datastore-Tabelle');
      const fields = applyPatches(t.fields, patches);
      const retyped = fields.filter((f, i) => f.type !== t.fields[i]!.type);
      let served: TableRow = { ...t, fields };
      if (retyped.length) {
        const version = await tables.nextVersion(trx, r.id);
        const spec = { resourceId: r.id, version, fields, primaryKey: t.primary_key, indexes: await tables.indexColumns(trx, t.table_name) };
        let name: string;
        try {
          name = await tables.createConvertedVersion(trx, t.table_name, t.fields, spec);
        } catch (e) {
          if (isDataException(e)) throw new NeedsDiagnosis(t.table_name, t.fields, fields, e);
          throw e;
        }
        const rowCount = await repo.countRows(trx, name);
        await tables.swapInVersion(trx, { resourceId: r.id, tenantId: r.tenant_id, tableName: name, fields, primaryKey: t.primary_key, version, source: t.source, rowCount });
        await tables.dropReplacedVersion(trx, r.id, t.table_name, t.version);
        served = { ...t, fields, table_name: name, version, row_count: rowCount, updated_at: new Date() };
      } else {
        await repo.setFields(trx, r.id, fields);
        served = { ...served, updated_at: new Date() };
      }
      await recordAudit(trx, ctx, {
        tenantId: r.tenant_id, action: retyped.length ? 'datastore.retype' : 'datastore.fields', entityType: 'resource', entityId: r.id,
        before: { version: t.version, fields: t.fields }, after: { version: served.version, fields },
      });
      return presentFields(r.id, served);
    });
  } catch (e) {
    if (e instanceof NeedsDiagnosis) {
      const rows = await tables.findUnconvertible(ctx.db, e.table, e.from, e.to);
      throw rows.length ? new RetypeFailed(rows) : Conflict(`Die Umwandlung ist gescheitert: ${(e.failure as Error).message}`);
    }
    throw e;
  }
}
