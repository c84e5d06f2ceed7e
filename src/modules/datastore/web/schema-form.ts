// The schema editor's model: rows of the field editor from a Table Schema, and the request body
// (title, version, Frictionless Table Schema) from the form's inputs. Inputs are named like the
// server's issue paths (schema.fields.{i}.constraints.minimum), so its errors land on them.
import { ApiError } from '../../../web/api.ts';
import type { SchemaField, TableSchema } from './schema-types.ts';

export type FieldRow = { key: string; type: string; initial: SchemaField };

export const NUMERIC_TYPES = ['number', 'integer', 'year'];
export const RANGE_TYPES = [...NUMERIC_TYPES, 'date', 'datetime'];
export const ENUM_TYPES = [...RANGE_TYPES, 'string', 'boolean'];

let next = 0;
export const newFieldRow = (): FieldRow => ({ key: `neu-${++next}`, type: 'string', initial: { name: '', type: 'string' } });
export const rowsOf = (s: TableSchema | undefined): FieldRow[] => (s ? s.fields.map((f) => ({ key: `f-${++next}`, type: f.type, initial: f })) : [newFieldRow()]);

const NUMBER = /^-?\d+([.,]\d+)?$/;

/** A constraint value in the field's type; what does not convert goes as typed, for the server to name. */
function typed(type: string, raw: string): unknown {
  if (NUMERIC_TYPES.includes(type) && NUMBER.test(raw)) return Number(raw.replace(',', '.'));
  if (type === 'boolean' && (raw === 'true' || raw === 'false')) return raw === 'true';
  return raw;
}

export function bodyOf(d: FormData, rows: FieldRow[], original: TableSchema | undefined) {
  const text = (name: string) => String(d.get(name) ?? '').trim();
  const list = (name: string) => text(name).split(',').map((x) => x.trim()).filter(Boolean);
  const fields = rows.map((r, i) => {
    const p = `schema.fields.${i}`;
    // Keep what the editor does not show (format, unit, example, rdfType) from the schema as it was.
    const { name: _n, type: _t, title: _ti, description: _d, constraints: _c, ...kept } = r.initial;
    const c: Record<string, unknown> = {};
    const flags = d.getAll(`${p}.flags`);
    if (flags.includes('required')) c.required = true;
    if (flags.includes('unique')) c.unique = true;
    for (const k of ['minimum', 'maximum']) if (text(`${p}.constraints.${k}`)) c[k] = typed(r.type, text(`${p}.constraints.${k}`));
    for (const k of ['minLength', 'maxLength']) if (text(`${p}.constraints.${k}`)) c[k] = /^\d+$/.test(text(`${p}.constraints.${k}`)) ? Number(text(`${p}.constraints.${k}`)) : text(`${p}.constraints.${k}`);
    if (text(`${p}.constraints.pattern`)) c.pattern = text(`${p}.constraints.pattern`);
    if (list(`${p}.constraints.enum`).length) c.enum = list(`${p}.constraints.enum`).map((v) => typed(r.type, v));
    return {
      ...kept, name: text(`${p}.name`), type: r.type,
      ...(text(`${p}.title`) && { title: text(`${p}.title`) }), ...(text(`${p}.description`) && { description: text(`${p}.description`) }),
      ...(Object.keys(c).length && { constraints: c }),
    };
  });
  const pk = list('schema.primaryKey');
  return {
    title: text('title'), description: text('description'), version: text('version'),
    schema: { fields, ...(pk.length && { primaryKey: pk }), ...(original?.missingValues && { missingValues: original.missingValues }) },
  };
}

/** The server names list entries (enum.2, primaryKey.0); the editor has one input per list. */
export function onInputs(err: unknown): unknown {
  if (!(err instanceof ApiError) || !err.problem.errors) return err;
  const errors = err.problem.errors.map((e) => ({ ...e, field: e.field.replace(/\.(enum|primaryKey)\.\d+$/, '.$1') }));
  return new ApiError({ ...err.problem, errors }, err.body);
}
