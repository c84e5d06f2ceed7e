// From the all-text staging table to the typed version table, and the atomic swap that makes it
// the one served (ADR 0005). Casts cannot fail: every value was checked by the inference.
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../../server/db/connect.ts';
import { FIELD_TYPES, type Field } from '../tables.ts';
import { GAP_MARKERS, type Inferred } from './infer.ts';

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
  const select = columns.map((c) => sql`${cast(sql.ref(c.staging), c.inferred)}::${sql.raw(FIELD_TYPES[c.field.type])} AS ${sql.ref(c.field.id)}`);
  await sql`CREATE TABLE ${sql.table(`datastore_data.${table}`)} AS SELECT _id::bigint AS _id, ${sql.join(select)} FROM ${sql.table(`datastore_staging.${staging}`)}`.execute(db);
  await sql`ALTER TABLE ${sql.table(`datastore_data.${table}`)} ADD PRIMARY KEY (_id)`.execute(db);
}

/** In one transaction: the view points at the new version, the bookkeeping says so. */
export async function swapIn(db: Db, o: { resourceId: string; tenantId: string; table: string; version: number; fields: Field[]; rowCount: number; loadId: number }) {
  await db.transaction().execute(async (trx) => {
    const view = sql.table(`datastore.${o.resourceId}`);
    await sql`DROP VIEW IF EXISTS ${view}`.execute(trx);
    await sql`CREATE VIEW ${view} AS SELECT * FROM ${sql.table(`datastore_data.${o.table}`)}`.execute(trx);
    await trx.insertInto('datastore_tables').values({
      resource_id: o.resourceId, tenant_id: o.tenantId, table_name: o.table, fields: JSON.stringify(o.fields), row_count: o.rowCount, version: o.version, source: 'load',
    }).onConflict((oc) => oc.column('resource_id').doUpdateSet({
      table_name: o.table, fields: JSON.stringify(o.fields), row_count: o.rowCount, version: o.version, source: 'load', updated_at: sql`now()`,
    })).execute();
    await trx.updateTable('datastore_loads').set({ status: 'succeeded', phase: 'fertig', finished_at: sql`now()`, row_count: o.rowCount, version: o.version, fields: JSON.stringify(o.fields) })
      .where('id', '=', o.loadId).execute();
  });
}

export async function dropQuietly(db: Db, qualified: string): Promise<void> {
  await sql`DROP TABLE IF EXISTS ${sql.table(qualified)}`.execute(db).catch(() => undefined);
}
