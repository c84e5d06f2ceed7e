// Frictionless Table Schema (specs.frictionlessdata.io/table-schema), the subset a datastore table
// can be checked against, validated with zod. No maintained npm validator fits: `tableschema`
// (frictionlessdata/tableschema-js) had its last release in 2020 and pulls in a CSV/HTTP stack we do
// not need. Supported: field types string, number, integer, boolean, date, datetime, year, object,
// array, any; constraints required, unique, minimum, maximum, minLength, maxLength, pattern, enum;
// primaryKey; missingValues. Other types (time, duration, geopoint, …) are refused by name.
import { z } from 'zod';
import type { FieldType } from '../tables.ts';

export const SCHEMA_TYPES = ['string', 'number', 'integer', 'boolean', 'date', 'datetime', 'year', 'object', 'array', 'any'] as const;
export type SchemaType = (typeof SCHEMA_TYPES)[number];

/** The datastore column types (CKAN's names) that satisfy a schema type. */
export const COMPATIBLE: Record<SchemaType, FieldType[]> = {
  string: ['text'], number: ['numeric', 'int'], integer: ['int'], boolean: ['bool'], date: ['date'], datetime: ['timestamp'],
  year: ['int'], object: ['json'], array: ['json'], any: ['text', 'int', 'numeric', 'date', 'timestamp', 'bool', 'json'],
};
/** The column type of a schema field in the merged view (the function datastore_schema_rows casts to it). */
export const MERGED_TYPE: Record<SchemaType, FieldType> = {
  string: 'text', number: 'numeric', integer: 'int', boolean: 'bool', date: 'date', datetime: 'timestamp', year: 'int', object: 'json', array: 'json', any: 'text',
};
/** Columns the merged view adds in front of the schema's fields. */
export const RESERVED = ['_id', 'kommune', 'ars', 'resource_id'];

const Scalar = z.union([z.string().max(1000), z.number(), z.boolean()]);
const Constraints = z.object({
  required: z.boolean().optional(),
  unique: z.boolean().optional(),
  minimum: z.union([z.number(), z.string().max(40)]).optional(),
  maximum: z.union([z.number(), z.string().max(40)]).optional(),
  minLength: z.number().int().min(0).optional(),
  maxLength: z.number().int().min(0).optional(),
  pattern: z.string().min(1).max(500).optional(),
  enum: z.array(Scalar).min(1).max(1000).optional(),
}).strict();

const Field = z.object({
  name: z.string().min(1).max(63).refine((s) => ![...s].some((ch) => ch === '"' || ch.charCodeAt(0) < 32), 'no quotes or control characters'),
  type: z.string().default('string'),
  format: z.string().max(100).optional(),
  title: z.string().max(300).optional(),
  description: z.string().max(5000).optional(),
  example: z.unknown().optional(),
  rdfType: z.string().max(500).optional(),
  unit: z.string().max(100).optional(),
  constraints: Constraints.optional(),
}).strict();

export const TableSchemaInput = z.object({
  fields: z.array(Field).min(1).max(200),
  primaryKey: z.union([z.string(), z.array(z.string()).min(1).max(20)]).optional(),
  missingValues: z.array(z.string().max(100)).max(50).optional(),
  foreignKeys: z.array(z.unknown()).max(0, 'foreignKeys are not supported').optional(),
  $schema: z.string().max(500).optional(),
}).strict();

export type SchemaField = { name: string; type: SchemaType; format?: string; title?: string; description?: string; example?: unknown; rdfType?: string; unit?: string; constraints?: z.infer<typeof Constraints> };
export type TableSchema = { fields: SchemaField[]; primaryKey?: string[]; missingValues: string[] };
export type Issue = { field: string; message: string };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?$/;

/** Whether `v` is a value of a field of type `t` (constraint bounds and enum entries). */
function fitsType(t: SchemaType, v: unknown): boolean {
  switch (t) {
    case 'integer': case 'year': return typeof v === 'number' && Number.isSafeInteger(v);
    case 'number': return typeof v === 'number' && Number.isFinite(v);
    case 'boolean': return typeof v === 'boolean';
    case 'date': return typeof v === 'string' && ISO_DATE.test(v) && !Number.isNaN(Date.parse(v));
    case 'datetime': return typeof v === 'string' && ISO_DATETIME.test(v) && !Number.isNaN(Date.parse(v));
    case 'string': case 'any': return typeof v === 'string';
    default: return false;
  }
}

/**
 * Reads a Frictionless Table Schema. Returns it normalised (primaryKey a list, missingValues
 * defaulted) or the issues, each with its path under `prefix` and the field's name in the message.
 */
export function readTableSchema(raw: unknown, prefix = 'schema'): { schema?: TableSchema; issues: Issue[] } {
  const parsed = TableSchemaInput.safeParse(raw);
  if (!parsed.success) {
    const fields = (raw as { fields?: { name?: unknown }[] } | undefined)?.fields;
    return {
      issues: parsed.error.issues.map((i) => {
        const at = i.path.length >= 2 && i.path[0] === 'fields' && typeof i.path[1] === 'number' && Array.isArray(fields) ? fields[i.path[1]]?.name : undefined;
        return { field: [prefix, ...i.path].join('.'), message: `${typeof at === 'string' ? `Feld "${at}": ` : ''}${i.message}` };
      }),
    };
  }
  const s = parsed.data;
  const issues: Issue[] = [];
  const names = new Set<string>();
  const out: SchemaField[] = [];
  s.fields.forEach((f, i) => {
    const at = `${prefix}.fields.${i}`;
    const bad = (path: string, m: string) => issues.push({ field: `${at}${path}`, message: `Feld "${f.name}": ${m}` });
    if (names.has(f.name)) bad('.name', 'name appears twice');
    names.add(f.name);
    if (RESERVED.includes(f.name) || f.name.startsWith('_')) bad('.name', `name is reserved (${RESERVED.join(', ')}, or starting with "_")`);
    if (!(SCHEMA_TYPES as readonly string[]).includes(f.type)) {
      bad('.type', `type "${f.type}" is not supported; supported: ${SCHEMA_TYPES.join(', ')}`);
      return;
    }
    const type = f.type as SchemaType;
    const c = f.constraints ?? {};
    for (const k of ['minimum', 'maximum'] as const) {
      if (c[k] === undefined) continue;
      if (!['number', 'integer', 'year', 'date', 'datetime'].includes(type)) bad(`.constraints.${k}`, `${k} applies to number, integer, year, date and datetime, not ${type}`);
      else if (!fitsType(type, c[k])) bad(`.constraints.${k}`, `${k} must be a value of type ${type}: ${JSON.stringify(c[k])}`);
    }
    if (c.minimum !== undefined && c.maximum !== undefined && fitsType(type, c.minimum) && fitsType(type, c.maximum) && c.minimum > c.maximum) bad('.constraints.minimum', 'minimum is greater than maximum');
    for (const k of ['minLength', 'maxLength', 'pattern'] as const) {
      if (c[k] !== undefined && type !== 'string') bad(`.constraints.${k}`, `${k} applies to string fields, not ${type}`);
    }
    if (c.minLength !== undefined && c.maxLength !== undefined && c.minLength > c.maxLength) bad('.constraints.minLength', 'minLength is greater than maxLength');
    if (c.pattern !== undefined) {
      try {
        new RegExp(c.pattern, 'u');
      } catch (e) {
        bad('.constraints.pattern', `pattern is not a regular expression: ${(e as Error).message}`);
      }
    }
    if (c.enum) {
      if (['object', 'array', 'any'].includes(type)) bad('.constraints.enum', `enum is not supported for ${type}`);
      else c.enum.forEach((v, j) => { if (!fitsType(type, v)) bad(`.constraints.enum.${j}`, `enum value ${JSON.stringify(v)} is not of type ${type}`); });
    }
    out.push({ ...f, type });
  });
  const pk = s.primaryKey === undefined ? undefined : Array.isArray(s.primaryKey) ? s.primaryKey : [s.primaryKey];
  pk?.forEach((k, i) => {
    if (!names.has(k)) issues.push({ field: `${prefix}.primaryKey${Array.isArray(s.primaryKey) ? `.${i}` : ''}`, message: `primaryKey names "${k}", which is not a field` });
  });
  if (issues.length) return { issues };
  return { schema: { fields: out, ...(pk ? { primaryKey: pk } : {}), missingValues: s.missingValues ?? [''] }, issues };
}
