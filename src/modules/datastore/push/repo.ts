// SQL of push publishing: rows into, over and out of a version table, and the bookkeeping that
// follows (row count, fields). A batch of records travels as one JSON parameter and is written by
// one statement (jsonb_to_recordset), so 10,000 records are one round trip, not 10,000.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../../server/db/types.ts';
import { FIELD_TYPES, type Field } from '../tables.ts';
import { dataRef } from '../repo.ts';
import type { Row } from './records.ts';

type Q = Kysely<Database>;

const id = (c: string) => sql.id(c);
const list = (cols: string[], f: (c: string) => RawBuilder<unknown> = id) => sql.join(cols.map(f));

/** The batch as a typed relation x(_ord, <fields>). */
function source(rows: Row[], fields: Field[]) {
  const defs = [sql`"_ord" int`, ...fields.map((f) => sql`${id(f.id)} ${sql.raw(FIELD_TYPES[f.type])}`)];
  return sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(${sql.join(defs)})`;
}

/** The order rows are written in: by key where there is one, so that concurrent batches lock
 *  rows in the same order and cannot deadlock. */
const order = (key: string[]) => (key.length ? list(key, (c) => sql`x.${id(c)}`) : sql`x."_ord"`);

/** INSERT in the order of the request, so that _id follows it. */
export async function insertRows(db: Q, table: string, fields: Field[], rows: Row[]): Promise<number> {
  const cols = fields.map((f) => f.id);
  if (!cols.length) {
    const r = await sql`INSERT INTO ${dataRef(table)} SELECT FROM ${source(rows, fields)} ORDER BY x."_ord"`.execute(db);
    return Number(r.numAffectedRows ?? 0);
  }
  const r = await sql`INSERT INTO ${dataRef(table)} (${list(cols)}) SELECT ${list(cols, (c) => sql`x.${id(c)}`)} FROM ${source(rows, fields)} ORDER BY x."_ord"`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/** INSERT … ON CONFLICT (key) DO UPDATE of the given fields. Returns how many rows were new. */
export async function upsertRows(db: Q, table: string, fields: Field[], key: string[], rows: Row[]): Promise<{ inserted: number; updated: number }> {
  const cols = fields.map((f) => f.id);
  const rest = cols.filter((c) => !key.includes(c));
  const onConflict = rest.length
    ? sql`DO UPDATE SET ${sql.join(rest.map((c) => sql`${id(c)} = EXCLUDED.${id(c)}`))}`
    : sql`DO NOTHING`;
  const r = await sql<{ inserted: number; total: number }>`
    WITH w AS (
      INSERT INTO ${dataRef(table)} AS t (${list(cols)})
      SELECT ${list(cols, (c) => sql`x.${id(c)}`)} FROM ${source(rows, fields)} ORDER BY ${order(key)}
      ON CONFLICT (${list(key)}) ${onConflict}
      RETURNING (xmax = 0) AS ins
    )
    SELECT count(*) FILTER (WHERE ins)::int AS inserted, count(*)::int AS total FROM w`.execute(db);
  const { inserted, total } = r.rows[0]!;
  // With DO NOTHING, rows that were there already are not returned: they count as updated.
  return { inserted, updated: rest.length ? total - inserted : rows.length - inserted };
}

/** UPDATE of existing rows found by key. Returns the _ord of records whose key was not found. */
export async function updateRows(db: Q, table: string, fields: Field[], key: string[], rows: Row[]): Promise<number[]> {
  const rest = fields.map((f) => f.id).filter((c) => !key.includes(c));
  const match = sql.join(key.map((c) => sql`t.${id(c)} = x.${id(c)}`), sql` AND `);
  const found = rest.length
    ? await sql<{ ord: number }>`
        UPDATE ${dataRef(table)} AS t SET ${sql.join(rest.map((c) => sql`${id(c)} = x.${id(c)}`))}
        FROM (SELECT * FROM ${source(rows, fields)} ORDER BY ${order(key)}) AS x
        WHERE ${match} RETURNING x."_ord" AS ord`.execute(db)
    : await sql<{ ord: number }>`SELECT x."_ord" AS ord FROM ${source(rows, fields)} JOIN ${dataRef(table)} AS t ON ${match}`.execute(db);
  const seen = new Set(found.rows.map((r) => r.ord));
  return rows.filter((r) => !seen.has(r._ord)).map((r) => r._ord);
}

export type Condition = { field: Field; values: unknown[] };

/** DELETE of the rows matching every condition (a field equal to one of the values; null matches
 *  empty). No conditions: every row. Returns how many rows went. */
export async function deleteRows(db: Q, table: string, conditions: Condition[]): Promise<number> {
  const where = conditions.map(({ field, values }) => {
    const t = sql.raw(FIELD_TYPES[field.type]);
    const given = values.filter((v) => v !== null);
    const eq = given.length ? sql`${id(field.id)} = ANY(ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(given)}::jsonb))::${t}[])` : undefined;
    const nul = values.includes(null) ? sql`${id(field.id)} IS NULL` : undefined;
    return eq && nul ? sql`(${eq} OR ${nul})` : (eq ?? nul)!;
  });
  const r = await sql`DELETE FROM ${dataRef(table)} ${where.length ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``}`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/** Row count and modification time after rows were written (a delta, so concurrent writers add up). */
export function bumpTable(db: Q, resourceId: string, delta: number) {
  return db.updateTable('datastore_tables').set({ row_count: sql`row_count + ${delta}`, updated_at: sql`now()` }).where('resource_id', '=', resourceId).execute();
}

/** The data dictionary changed, the table did not. */
export function setFields(db: Q, resourceId: string, fields: Field[]) {
  return db.updateTable('datastore_tables').set({ fields: JSON.stringify(fields), updated_at: sql`now()` }).where('resource_id', '=', resourceId).execute();
}

export async function countRows(db: Q, table: string): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${dataRef(table)}`.execute(db);
  return r.rows[0]!.n;
}
