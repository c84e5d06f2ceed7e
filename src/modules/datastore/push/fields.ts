// Field definitions of push-published tables, read like CKAN's datastore_create reads them:
// names (no leading underscore, no double quote, no surrounding spaces, ≤ 63 bytes, unique),
// types by CKAN's or PostgreSQL's names (int4, float8, varchar …) mapped onto FIELD_TYPES, and the
// data dictionary (info: label, notes, unit, geo). Pure functions; the errors are CKAN's messages.
import { FIELD_TYPES, type Field, type FieldInfo, type FieldType } from '../tables.ts';

/** PostgreSQL's and CKAN's type names (lower case, spaces collapsed) → our field types. */
const ALIASES: Record<string, FieldType> = {
  text: 'text', varchar: 'text', 'character varying': 'text', char: 'text', character: 'text', bpchar: 'text', string: 'text', name: 'text', citext: 'text',
  int: 'int', integer: 'int', int2: 'int', int4: 'int', int8: 'int', smallint: 'int', bigint: 'int', serial: 'int', bigserial: 'int',
  numeric: 'numeric', decimal: 'numeric', number: 'numeric', float: 'numeric', float4: 'numeric', float8: 'numeric', real: 'numeric', double: 'numeric', 'double precision': 'numeric', money: 'numeric',
  date: 'date',
  timestamp: 'timestamp', timestamptz: 'timestamp', datetime: 'timestamp', 'timestamp without time zone': 'timestamp', 'timestamp with time zone': 'timestamp',
  bool: 'bool', boolean: 'bool',
  json: 'json', jsonb: 'json', nested: 'json', object: 'json',
};

/** Our type for a CKAN/PostgreSQL type name, or undefined when we do not store that type. */
export function fieldType(name: unknown): FieldType | undefined {
  if (typeof name !== 'string') return undefined;
  const key = name.trim().toLowerCase().replace(/\s+/g, ' ').replace(/\(\s*\d+(\s*,\s*\d+)?\s*\)$/, '');
  return Object.prototype.hasOwnProperty.call(ALIASES, key) ? ALIASES[key] : undefined;
}

export const MAX_NAME_BYTES = 63;

/** CKAN's _is_valid_field_name, plus PostgreSQL's identifier length and no control characters. */
export function fieldNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name === '') return `"${String(name ?? '')}" is not a valid field name`;
  // eslint-disable-next-line no-control-regex
  if (name !== name.trim() || name.startsWith('_') || name.includes('"') || /[\u0000-\u001f\u007f]/.test(name)) return `"${name}" is not a valid field name`;
  if (Buffer.byteLength(name) > MAX_NAME_BYTES) return `"${name}" is not a valid field name: longer than ${MAX_NAME_BYTES} bytes`;
  return undefined;
}

const INFO_KEYS = ['label', 'notes', 'unit'] as const;

/** The data dictionary of a field: label, notes, unit (strings) and geo (lat|lon). */
export function readInfo(raw: unknown, id: string, err: (m: string) => void): FieldInfo | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) return err(`"${id}": info must be an object`), undefined;
  const r = raw as Record<string, unknown>;
  const info: FieldInfo = {};
  for (const k of INFO_KEYS) {
    const v = r[k];
    if (v === undefined || v === null || v === '') continue;
    if (typeof v !== 'string') err(`"${id}": info.${k} must be a string`);
    else if (v.length > 2000) err(`"${id}": info.${k} is longer than 2000 characters`);
    else info[k] = v;
  }
  if (r.geo !== undefined && r.geo !== null && r.geo !== '') {
    if (r.geo === 'lat' || r.geo === 'lon') info.geo = r.geo;
    else err(`"${id}": info.geo must be "lat" or "lon"`);
  }
  return info;
}

/** A JSON value's type, for fields that are in the first record but not declared (CKAN guesses too). */
export function guessType(v: unknown): FieldType {
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'numeric';
  if (v !== null && typeof v === 'object') return 'json';
  return 'text';
}

export type FieldInput = { id: string; type?: FieldType; info?: FieldInfo };

/**
 * Reads `fields` of datastore_create. Every problem goes to `err` (CKAN puts them under
 * "fields"); `_id` may be listed (as datastore_info returns it) and is skipped.
 */
export function readFields(raw: unknown, err: (m: string) => void): FieldInput[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) return err('Must be a list of {"id": …, "type": …} objects'), [];
  const out: FieldInput[] = [];
  const seen = new Set<string>();
  raw.forEach((f, i) => {
    if (!f || typeof f !== 'object' || Array.isArray(f)) return err(`fields[${i}] is not a json object`);
    const { id, type, info } = f as Record<string, unknown>;
    if (id === '_id') return;
    const bad = fieldNameProblem(id);
    if (bad) return err(bad);
    const name = id as string;
    if (seen.has(name)) return err(`Duplicate column: "${name}"`);
    seen.add(name);
    let t: FieldType | undefined;
    if (type !== undefined && type !== null && type !== '') {
      t = fieldType(type);
      if (!t) return err(`"${String(type)}" is not a valid field type for "${name}" (use one of ${Object.keys(FIELD_TYPES).join(', ')})`);
    }
    out.push({ id: name, ...(t ? { type: t } : {}), ...(info !== undefined ? { info: readInfo(info, name, err) } : {}) });
  });
  return out;
}

/** A list of field names given as a list or a comma-separated string (CKAN's primary_key, indexes). */
export function readNameList(raw: unknown, key: string, known: Set<string>, err: (m: string) => void): string[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  const list = typeof raw === 'string' ? (raw.trim() === '' ? [] : raw.split(',').map((s) => s.trim())) : raw;
  if (!Array.isArray(list) || list.some((x) => typeof x !== 'string')) return err(`${key} must be a list of field names`), undefined;
  const names = list as string[];
  for (const n of names) if (!known.has(n)) err(`field "${n}" in ${key} is not in the table`);
  if (new Set(names).size !== names.length) err(`${key} names a field twice`);
  return names;
}

/** Fields merged by id: given ones replace type and info of existing ones, new ones are appended. */
export function mergeFields(existing: Field[], given: Field[]): Field[] {
  const out = existing.map((f) => ({ ...f }));
  for (const g of given) {
    const i = out.findIndex((f) => f.id === g.id);
    if (i < 0) out.push(g);
    else out[i] = { id: g.id, type: g.type, ...(g.info !== undefined ? { info: g.info } : out[i]!.info ? { info: out[i]!.info } : {}) };
  }
  return out;
}
