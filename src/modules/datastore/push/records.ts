// Records of datastore_create/upsert checked against the table's fields before anything is
// written: every value must fit its column, so that a refused batch names the record and field
// (PostgreSQL would only name the first bad value, without its record). Pure functions.
import type { Field, FieldType } from '../tables.ts';

const INT8_MIN = -(2n ** 63n);
const INT8_MAX = 2n ** 63n - 1n;
const NUMERIC_RE = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TS_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/;
const BOOL_TRUE = new Set(['true', 't', 'yes', 'y', 'on', '1']);
const BOOL_FALSE = new Set(['false', 'f', 'no', 'n', 'off', '0']);

function validDay(y: string, m: string, d: string): boolean {
  const dt = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return dt.getUTCFullYear() === Number(y) && dt.getUTCMonth() === Number(m) - 1 && dt.getUTCDate() === Number(d);
}

type Checked = { ok: true; value: unknown } | { ok: false; why: string };
const bad = (why: string): Checked => ({ ok: false, why });

/** A JSON value as the column type takes it (normalised for PostgreSQL's input functions), or why not. */
export function checkValue(type: FieldType, v: unknown): Checked {
  if (v === null || v === undefined) return { ok: true, value: null };
  // Like CKAN: an empty string is "no value" in every column that is not text.
  if (v === '' && type !== 'text') return { ok: true, value: null };
  const shown = JSON.stringify(v).slice(0, 60);
  switch (type) {
    case 'text':
      if (typeof v === 'string') return { ok: true, value: v.includes('\u0000') ? v.replaceAll('\u0000', '') : v };
      if (typeof v === 'number' || typeof v === 'boolean') return { ok: true, value: String(v) };
      return bad(`${shown} is not text`);
    case 'int': {
      let n: bigint | undefined;
      if (typeof v === 'number' && Number.isInteger(v)) n = BigInt(v);
      else if (typeof v === 'string' && /^\s*[+-]?\d{1,19}\s*$/.test(v)) n = BigInt(v.trim());
      if (n === undefined) return bad(`${shown} is not a whole number`);
      if (n < INT8_MIN || n > INT8_MAX) return bad(`${shown} is out of range for int`);
      return { ok: true, value: n.toString() };
    }
    case 'numeric':
      if (typeof v === 'number' && Number.isFinite(v)) return { ok: true, value: v };
      if (typeof v === 'string' && NUMERIC_RE.test(v) && v.length <= 1000) return { ok: true, value: v.trim() };
      return bad(`${shown} is not a number`);
    case 'date': {
      const m = typeof v === 'string' ? DATE_RE.exec(v.trim()) : null;
      if (!m || !validDay(m[1]!, m[2]!, m[3]!)) return bad(`${shown} is not a date (YYYY-MM-DD)`);
      return { ok: true, value: v };
    }
    case 'timestamp': {
      const m = typeof v === 'string' ? TS_RE.exec(v.trim()) : null;
      if (!m || !validDay(m[1]!, m[2]!, m[3]!) || Number(m[4] ?? 0) > 23 || Number(m[5] ?? 0) > 59 || Number(m[6] ?? 0) > 59) {
        return bad(`${shown} is not a timestamp (ISO 8601, e.g. 2026-11-23T10:05:00)`);
      }
      return { ok: true, value: v };
    }
    case 'bool': {
      if (typeof v === 'boolean') return { ok: true, value: v };
      if (v === 1 || v === 0) return { ok: true, value: v === 1 };
      const s = typeof v === 'string' ? v.trim().toLowerCase() : undefined;
      if (s !== undefined && BOOL_TRUE.has(s)) return { ok: true, value: true };
      if (s !== undefined && BOOL_FALSE.has(s)) return { ok: true, value: false };
      return bad(`${shown} is not a boolean`);
    }
    case 'json':
      return { ok: true, value: v };
  }
}

/** A record ready for the database: `_ord` is its index in the request, then the given fields. */
export type Row = { _ord: number } & Record<string, unknown>;

export type ReadRecords = {
  rows: Row[];
  /** CKAN-style messages, at most MAX_MESSAGES (then a count of the rest). */
  errors: string[];
};

const MAX_MESSAGES = 20;

/**
 * Checks `records` against the fields. `keys` must be present and non-null in every record
 * (the primary key, for upsert and update). Unknown fields, non-objects and values that do not fit
 * are all reported, each naming records[i] and the field.
 */
export function readRecords(raw: unknown, fields: Field[], o: { maxRecords: number; keys: string[] }): ReadRecords {
  const errors: string[] = [];
  let more = 0;
  const err = (m: string) => (errors.length < MAX_MESSAGES ? errors.push(m) : more++);
  if (raw === undefined || raw === null) return { rows: [], errors };
  if (!Array.isArray(raw)) return { rows: [], errors: ['Must be a list of records (JSON objects)'] };
  if (raw.length > o.maxRecords) return { rows: [], errors: [`At most ${o.maxRecords} records per request, got ${raw.length}: send them in several requests`] };
  const types = new Map(fields.map((f) => [f.id, f.type]));
  const rows: Row[] = [];
  raw.forEach((rec, i) => {
    if (!rec || typeof rec !== 'object' || Array.isArray(rec)) return err(`records[${i}] is not a json object`);
    const row: Row = { _ord: i };
    const extra: string[] = [];
    for (const [k, v] of Object.entries(rec as Record<string, unknown>)) {
      const t = types.get(k);
      if (!t) {
        extra.push(k);
        continue;
      }
      const c = checkValue(t, v);
      if (c.ok) row[k] = c.value;
      else err(`records[${i}].${k}: ${c.why} (field "${k}" is ${t})`);
    }
    if (extra.length) err(`records[${i}] has fields that are not in the table: ${extra.map((x) => `"${x}"`).join(', ')}`);
    for (const k of o.keys) if (row[k] === undefined || row[k] === null) err(`records[${i}]: primary key field "${k}" is missing`);
    rows.push(row);
  });
  if (more) errors.push(`… and ${more} more problems`);
  return { rows, errors };
}
