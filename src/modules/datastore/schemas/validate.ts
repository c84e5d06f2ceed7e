// Checks a served datastore table against a Table Schema: every schema field present (by name)
// with a compatible type, and every constraint over all rows in SQL (required: no NULLs; minimum,
// maximum, minLength, maxLength; pattern with `~`, anchored as Frictionless means it; enum;
// unique; primaryKey). Per problem: how many rows, and up to 10 of them (`_id`, value).
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../../server/db/types.ts';
import { FIELD_TYPES, type Field, type FieldType } from '../tables.ts';
import { dataRef, type TableRow } from '../repo.ts';
import { COMPATIBLE, MERGED_TYPE, type SchemaField, type TableSchema } from './table-schema.ts';

type Q = Kysely<Database>;
type Sql = RawBuilder<unknown>;

export const SAMPLE_ROWS = 10;

export type Sample = { _id: number; value: string | null };
export type Problem = { constraint: string; message: string; count: number; samples: Sample[] };
export type FieldReport = {
  name: string; type: string; column_type: FieldType | null;
  status: 'ok' | 'missing' | 'type' | 'constraints';
  problems: Problem[];
};
export type Report = {
  status: 'valid' | 'invalid' | 'no-table';
  message: string;
  row_count: number | null;
  table_version: number | null;
  fields: FieldReport[];
  /** Table-level problems (primaryKey). */
  problems: Problem[];
  extra_columns: string[];
};

/** The value of a column for the checks: text in missingValues counts as missing (NULL). */
function valueExpr(f: Field, missing: string[]): Sql {
  const c = sql.id(f.id);
  return f.type === 'text' && missing.length ? sql`(CASE WHEN ${c} = ANY(${missing}::text[]) THEN NULL ELSE ${c} END)` : c;
}

function checks(sf: SchemaField, v: Sql): { constraint: string; message: string; bad: Sql }[] {
  const c = sf.constraints ?? {};
  const t = sql.raw(FIELD_TYPES[MERGED_TYPE[sf.type]]);
  const typed = sql`CAST(${v} AS ${t})`;
  const out: { constraint: string; message: string; bad: Sql }[] = [];
  if (c.required) out.push({ constraint: 'required', message: 'leere Werte (Pflichtfeld)', bad: sql`${v} IS NULL` });
  if (c.minimum !== undefined) out.push({ constraint: 'minimum', message: `Werte kleiner als ${c.minimum}`, bad: sql`${typed} < CAST(${String(c.minimum)} AS ${t})` });
  if (c.maximum !== undefined) out.push({ constraint: 'maximum', message: `Werte größer als ${c.maximum}`, bad: sql`${typed} > CAST(${String(c.maximum)} AS ${t})` });
  if (c.minLength !== undefined) out.push({ constraint: 'minLength', message: `Werte kürzer als ${c.minLength} Zeichen`, bad: sql`length(${v}) < ${c.minLength}` });
  if (c.maxLength !== undefined) out.push({ constraint: 'maxLength', message: `Werte länger als ${c.maxLength} Zeichen`, bad: sql`length(${v}) > ${c.maxLength}` });
  if (c.pattern !== undefined) out.push({ constraint: 'pattern', message: `Werte passen nicht auf das Muster ${c.pattern}`, bad: sql`${v} !~ ${`^(?:${c.pattern})$`}` });
  if (c.enum) {
    const list = c.enum.map((x) => String(x));
    out.push({ constraint: 'enum', message: `Werte außerhalb der erlaubten Liste (${list.slice(0, 10).join(', ')}${list.length > 10 ? ', …' : ''})`, bad: sql`${typed} <> ALL(CAST(${list} AS ${sql.raw(`${FIELD_TYPES[MERGED_TYPE[sf.type]]}[]`)}))` });
  }
  return out;
}

async function rowsWhere(db: Q, table: string, v: Sql, bad: Sql): Promise<{ count: number; samples: Sample[] }> {
  const r = await sql<{ _id: string; value: string | null; n: string }>`
    SELECT _id, CAST(${v} AS text) AS value, count(*) OVER () AS n FROM ${dataRef(table)} WHERE ${bad} ORDER BY _id LIMIT ${SAMPLE_ROWS}`.execute(db);
  return { count: Number(r.rows[0]?.n ?? 0), samples: r.rows.map((x) => ({ _id: Number(x._id), value: x.value })) };
}

/** Rows whose value (or key) occurs more than once; NULLs do not count as duplicates. */
async function duplicates(db: Q, table: string, exprs: Sql[]): Promise<{ count: number; samples: Sample[] }> {
  const key = exprs.length === 1 ? sql`CAST(${exprs[0]!} AS text)` : sql`concat_ws(' | ', ${sql.join(exprs.map((e) => sql`CAST(${e} AS text)`))})`;
  const r = await sql<{ _id: string; value: string | null; n: string }>`
    SELECT _id, value, count(*) OVER () AS n FROM (
      SELECT _id, ${key} AS value, count(*) OVER (PARTITION BY ${sql.join(exprs)}) AS k
      FROM ${dataRef(table)} WHERE ${sql.join(exprs.map((e) => sql`${e} IS NOT NULL`), sql` AND `)}
    ) d WHERE k > 1 ORDER BY _id LIMIT ${SAMPLE_ROWS}`.execute(db);
  return { count: Number(r.rows[0]?.n ?? 0), samples: r.rows.map((x) => ({ _id: Number(x._id), value: x.value })) };
}

/** The report of a table (undefined: nothing loaded yet) against a schema. */
export async function validateTable(db: Q, table: TableRow | undefined, schema: TableSchema): Promise<Report> {
  if (!table) {
    return { status: 'no-table', message: 'Die Ressource hat noch keine Datastore-Tabelle: erst laden oder per datastore_create befüllen.', row_count: null, table_version: null, fields: [], problems: [], extra_columns: [] };
  }
  const byName = new Map(table.fields.map((f) => [f.id, f]));
  const fields: FieldReport[] = [];
  const exprs = new Map<string, Sql>();
  for (const sf of schema.fields) {
    const col = byName.get(sf.name);
    const base = { name: sf.name, type: sf.type, column_type: col?.type ?? null, problems: [] as Problem[] };
    if (!col) {
      fields.push({ ...base, status: 'missing', problems: [{ constraint: 'field', message: `Spalte "${sf.name}" fehlt`, count: 0, samples: [] }] });
      continue;
    }
    if (!COMPATIBLE[sf.type].includes(col.type)) {
      fields.push({ ...base, status: 'type', problems: [{ constraint: 'type', message: `Spaltentyp ${col.type} passt nicht zu ${sf.type} (erwartet: ${COMPATIBLE[sf.type].join(' oder ')})`, count: 0, samples: [] }] });
      continue;
    }
    const v = valueExpr(col, schema.missingValues);
    exprs.set(sf.name, v);
    for (const ch of checks(sf, v)) {
      const found = await rowsWhere(db, table.table_name, v, ch.bad);
      if (found.count) base.problems.push({ constraint: ch.constraint, message: ch.message, ...found });
    }
    if (sf.constraints?.unique) {
      const found = await duplicates(db, table.table_name, [v]);
      if (found.count) base.problems.push({ constraint: 'unique', message: 'doppelte Werte', ...found });
    }
    fields.push({ ...base, status: base.problems.length ? 'constraints' : 'ok' });
  }
  const problems: Problem[] = [];
  const pk = schema.primaryKey;
  if (pk?.length && pk.every((k) => exprs.has(k))) {
    const ks = pk.map((k) => exprs.get(k)!);
    const empty = await rowsWhere(db, table.table_name, ks.length === 1 ? ks[0]! : sql`concat_ws(' | ', ${sql.join(ks.map((e) => sql`CAST(${e} AS text)`))})`, sql.join(ks.map((e) => sql`${e} IS NULL`), sql` OR `));
    if (empty.count) problems.push({ constraint: 'primaryKey', message: `leere Schlüsselwerte (${pk.join(', ')})`, ...empty });
    const dup = await duplicates(db, table.table_name, ks);
    if (dup.count) problems.push({ constraint: 'primaryKey', message: `doppelte Schlüssel (${pk.join(', ')})`, ...dup });
  }
  const names = new Set(schema.fields.map((f) => f.name));
  const bad = fields.filter((f) => f.status !== 'ok');
  const valid = !bad.length && !problems.length;
  return {
    status: valid ? 'valid' : 'invalid',
    message: valid ? 'Die Tabelle entspricht dem Schema.' : `Die Tabelle entspricht dem Schema nicht: ${[...bad.map((f) => `${f.name} (${f.problems.map((p) => p.constraint).join(', ')})`), ...problems.map((p) => p.message)].join('; ')}`,
    row_count: Number(table.row_count),
    table_version: table.version,
    fields,
    problems,
    extra_columns: table.fields.map((f) => f.id).filter((n) => !names.has(n)),
  };
}
