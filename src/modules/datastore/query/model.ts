// What a datastore query is made of, independent of the API that asked for it (CKAN's
// datastore_search or the REST rows API): columns, conditions, full-text search, sort, paging.
// Values from the request are checked against the column type here, so a bad value is a clear
// 4xx naming the parameter, never a database error.
import type { Field, FieldInfo, FieldType } from '../tables.ts';

/** Bad query input; `param` is the request parameter at fault (CKAN key or REST query key). */
export class QueryInputError extends Error {
  constructor(readonly param: string, message: string) {
    super(message);
  }
}

export type Column = { id: string; type: FieldType; info?: FieldInfo };

/** The columns of a served table as queries see them: `_id` first, then the typed fields. */
export const columnsOf = (fields: Field[]): Column[] => [{ id: '_id', type: 'int' }, ...fields];

export const OPS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'notin', 'contains', 'startswith', 'endswith', 'isnull', 'notnull', 'isblank', 'notblank'] as const;
export type Op = (typeof OPS)[number];
/** A value ready for SQL: the text form of a typed value (cast in SQL) or a list of them. */
export type Cond =
  | { and: Cond[] }
  | { or: Cond[] }
  | { column: Column; op: Op; value?: string | string[] };

/** Full-text search over all columns (string) or per column (dict), with a PostgreSQL text search configuration. */
export type TextSearch = { q: string | Map<Column, string>; language: string; plain: boolean };
export type Sort = { column: Column; desc: boolean; nulls?: 'first' | 'last' };

/** PostgreSQL's built-in text search configurations (`language` of datastore_search). */
export const TS_CONFIGS = new Set(['simple', 'arabic', 'armenian', 'basque', 'catalan', 'danish', 'dutch', 'english', 'finnish', 'french', 'german', 'greek', 'hindi', 'hungarian', 'indonesian', 'irish', 'italian', 'lithuanian', 'nepali', 'norwegian', 'portuguese', 'romanian', 'russian', 'serbian', 'spanish', 'swedish', 'tamil', 'turkish', 'yiddish']);
/** German stemming ("Schulen" finds "Schule"), as the data is German; `simple` for exact words. */
export const DEFAULT_TS_CONFIG = 'german';

export function findColumn(columns: Column[], id: string, param: string, what = 'field'): Column {
  const c = columns.find((x) => x.id === id);
  if (!c) throw new QueryInputError(param, `${what} "${id}" not in table`);
  return c;
}

const INT_RE = /^[+-]?\d{1,19}$/;
const NUM_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TS_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const TRUE = new Set(['true', 't', '1', 'yes', 'ja']);
const FALSE = new Set(['false', 'f', '0', 'no', 'nein']);

function validDate(y: string, m: string, d: string): boolean {
  const dt = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return dt.getUTCFullYear() === Number(y) && dt.getUTCMonth() === Number(m) - 1 && dt.getUTCDate() === Number(d);
}

/** The text form of `v` as a value of column `c`, or a QueryInputError on `param`. */
export function coerce(c: Column, v: unknown, param: string): string {
  const bad = (why: string) => new QueryInputError(param, `invalid value for field "${c.id}" (${c.type}): ${JSON.stringify(v)}${why ? ` – ${why}` : ''}`);
  if (v === null || v === undefined || (typeof v === 'object' && c.type !== 'json')) throw bad('');
  const s = typeof v === 'string' ? v.trim() : typeof v === 'object' ? JSON.stringify(v) : String(v);
  switch (c.type) {
    case 'text':
      return typeof v === 'string' ? v : s;
    case 'int':
      if (!INT_RE.test(s)) throw bad('an integer is expected');
      if (BigInt(s) > 9223372036854775807n || BigInt(s) < -9223372036854775808n) throw bad('out of range');
      return s;
    case 'numeric':
      if (!NUM_RE.test(s)) throw bad('a number with a decimal point is expected');
      return s;
    case 'date': {
      const m = DATE_RE.exec(s);
      if (!m || !validDate(m[1]!, m[2]!, m[3]!)) throw bad('a date YYYY-MM-DD is expected');
      return s;
    }
    case 'timestamp': {
      const m = TS_RE.exec(s);
      if (!m || !validDate(m[1]!, m[2]!, m[3]!) || Number(m[4] ?? 0) > 23 || Number(m[5] ?? 0) > 59 || Number(m[6] ?? 0) > 59) throw bad('a timestamp YYYY-MM-DDTHH:MM:SS is expected');
      return s;
    }
    case 'bool': {
      const l = s.toLowerCase();
      if (TRUE.has(l)) return 'true';
      if (FALSE.has(l)) return 'false';
      throw bad('true or false is expected');
    }
    case 'json':
      if (typeof v === 'string') {
        try {
          JSON.parse(v);
        } catch {
          throw bad('JSON is expected');
        }
        return v;
      }
      return s;
  }
}

/** A condition on one column with its value(s) checked. Text operators work on any type (as text). */
export function condition(c: Column, op: Op, value: unknown, param: string): Cond {
  switch (op) {
    case 'isnull': case 'notnull': case 'isblank': case 'notblank':
      return { column: c, op };
    case 'contains': case 'startswith': case 'endswith':
      if (value === null || value === undefined || typeof value === 'object') throw new QueryInputError(param, `invalid value for field "${c.id}": text is expected`);
      return { column: c, op, value: String(value) };
    case 'in': case 'notin': {
      const list = Array.isArray(value) ? value : [value];
      if (list.length > 1000) throw new QueryInputError(param, `at most 1000 values for field "${c.id}"`);
      return { column: c, op, value: list.map((x) => coerce(c, x, param)) };
    }
    default:
      return { column: c, op, value: coerce(c, value, param) };
  }
}
