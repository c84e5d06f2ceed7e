// From the all-text staging table to the typed version table, and the atomic swap that makes it
// the one served (ADR 0005). Casts cannot fail: every value was checked by the inference.
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../../server/db/connect.ts';
import { FIELD_TYPES, type Field } from '../tables.ts';
import { GAP_MARKERS, type Inferred } from './infer.ts';
import { finishVersion, lockTable, swapInVersion } from '../push/tables-sql.ts';

const markers = sql.join([...GAP_MARKERS].map((m) => sql.lit(m)));

/** The SQL turning staging column c into the inferred type. */
function cast(c: RawBuilder<unknown>, t: Inferred): RawBuilder<unknown> {
  const v = sql`btrim(${c})`;
  const num = t.numberStyle === 'de' ? sql`replace(replace(${v}, '.', ''), ',', '.')` : t.numberStyle === 'en' ? sql`replace(${v}, ',', '')` : v;
  let expr: RawBuilder<unknown>;
  switch (t.type) {
    case 'int': expr = sql`(${num})::bigint`; break;
    case 'numeric': expr = sql`(${num})::numeric`; break;
    case 'date': expr = t.dateStyle === 'de' ? sql`to_date(${v}, 'DD.MM.YYYY')` : sql`(${v})::date`; break;
    case 'timestamp': expr = t.dateStyle === 'de'
      ? sql`to_timestamp(replace(${v}, ',', ''), CASE WHEN length(replace(${v}, ',', '')) > 16 THEN 'DD.MM.YYYY HH24:MI:SS' ELSE 'DD.MM.YYYY HH24:MI' END)::timestamp`
      : sql`(${v})::timestamp`; break;
    case 'bool': expr = sql`lower(${v}) IN ('true', 'wahr', 'ja')`; break;
    default: return c;
  }
  return t.gapMarkers ? sql`CASE WHEN ${v} IN (${markers}) THEN NULL ELSE ${expr} END` : expr;
}

/** Creates datastore_data."<table>" from the staging table; returns nothing, throws on error. */
export async function buildVersion(db: Db, staging: string, table: string, columns: { staging: string; field: Field; inferred: Inferred }[]) {
  // sql.id, not sql.ref: column names may contain dots ("Öffentl. Zwecke").
  const select = columns.map((c) => sql`${cast(sql.id(c.staging), c.inferred)}::${sql.raw(FIELD_TYPES[c.field.type])} AS ${sql.id(c.field.id)}`);
  await sql`CREATE TABLE ${sql.table(`datastore_data.${table}`)} AS SELECT _id::bigint AS _id, ${sql.join(select)} FROM ${sql.table(`datastore_staging.${staging}`)}`.execute(db);
  // _id becomes an identity primary key, so push publishing (datastore_upsert) works on loaded tables too.
  await finishVersion(db, table, { primaryKey: [], indexes: [] });
}

/** In one transaction, waiting for writes in progress: the view points at the new version, the
 *  bookkeeping says so, the load is done. The previous version's table stays (versions, retention). */
export async function swapIn(db: Db, o: { resourceId: string; tenantId: string; table: string; version: number; fields: Field[]; rowCount: number; loadId: number }) {
  await db.transaction().execute(async (trx) => {
    await lockTable(trx, o.resourceId, 'update');
    await swapInVersion(trx, { resourceId: o.resourceId, tenantId: o.tenantId, tableName: o.table, fields: o.fields, primaryKey: [], version: o.version, source: 'load', rowCount: o.rowCount });
    await trx.updateTable('datastore_loads').set({ status: 'succeeded', phase: 'fertig', finished_at: sql`now()`, row_count: o.rowCount, version: o.version, fields: JSON.stringify(o.fields) })
      .where('id', '=', o.loadId).execute();
  });
}

export async function dropQuietly(db: Db, qualified: string): Promise<void> {
  await sql`DROP TABLE IF EXISTS ${sql.table(qualified)}`.execute(db).catch(() => undefined);
}
