// CKAN's datastore `filters` (2.12): {"col": value} is equality, {"col": [a, b]} is IN,
// {"col": {"gte": 1, "lt": 5}} are ranges (eq, in, gt, gte, lt, lte; several keys are AND),
// a list mixing values and range dicts is OR; {"$or": [{…}, {…}]} and {"$and": […]} nest; a list
// of dicts at the top is OR; a field whose name starts with "$" is written "$$name".
import { condition, findColumn, QueryInputError, type Column, type Cond } from './model.ts';

const FIELD_OPS = new Set(['eq', 'in', 'gt', 'gte', 'lt', 'lte']);
const MAX_OPS = 100;
const MAX_DEPTH = 10;

const isDict = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseCkanFilters(raw: unknown, columns: Column[]): Cond | undefined {
  let input = raw;
  if (typeof input === 'string') {
    if (input.trim() === '') return undefined;
    try {
      input = JSON.parse(input);
    } catch {
      throw new QueryInputError('filters', 'Filters must be defined as a dict or a list of dicts');
    }
  }
  if (input === undefined || input === null) return undefined;
  if (!(isDict(input) || (Array.isArray(input) && input.every(isDict)))) throw new QueryInputError('filters', 'Filters must be defined as a dict or a list of dicts');
  let ops = 0;
  const count = () => {
    if (++ops > MAX_OPS) throw new QueryInputError('filters', 'Maximum number of filter operations exceeded');
  };
  const errors: string[] = [];

  const fieldCond = (name: string, value: unknown): Cond | undefined => {
    const id = name.startsWith('$$') ? name.slice(1) : name;
    const col = columns.find((c) => c.id === id);
    if (!col) {
      errors.push(`Unknown field: ${id}`);
      return undefined;
    }
    count();
    if (value === null) return { column: col, op: 'isnull' };
    if (isDict(value)) {
      const parts: Cond[] = [];
      for (const [op, v] of Object.entries(value)) {
        if (!FIELD_OPS.has(op)) {
          errors.push(`Unknown filter operation: ${op} (must be one of eq, in, gt, gte, lt, lte)`);
          continue;
        }
        if (op === 'in' && !Array.isArray(v)) {
          errors.push(`"in" needs a list of values: ${id}`);
          continue;
        }
        parts.push(v === null && op === 'eq' ? { column: col, op: 'isnull' } : condition(col, op as 'eq', v, 'filters'));
      }
      return parts.length === 1 ? parts[0] : { and: parts };
    }
    if (Array.isArray(value)) {
      const dicts = value.filter(isDict);
      const plain = value.filter((x) => !isDict(x));
      const members: Cond[] = dicts.map((d) => fieldCond(name, d)).filter((c): c is Cond => !!c);
      if (plain.length || !dicts.length) members.push(condition(col, 'in', plain, 'filters'));
      return members.length === 1 ? members[0] : { or: members };
    }
    return condition(col, 'eq', value, 'filters');
  };

  const dictCond = (d: Record<string, unknown>, depth: number): Cond | undefined => {
    if (depth >= MAX_DEPTH) throw new QueryInputError('filters', 'Maximum nesting depth for filter operations reached');
    if (Object.keys(d).length >= MAX_OPS) throw new QueryInputError('filters', 'Maximum number of filter operations exceeded');
    const parts: Cond[] = [];
    for (const [key, value] of Object.entries(d)) {
      if (key.startsWith('$') && !key.startsWith('$$')) {
        if (key !== '$or' && key !== '$and') {
          errors.push(`Unknown operators (must be one of $or, $and): ${key}`);
          continue;
        }
        if (!Array.isArray(value) || !value.every(isDict)) {
          errors.push(`Filter operations must be defined as a list of dicts: ${JSON.stringify(value)}`);
          continue;
        }
        count();
        const members = value.map((m) => dictCond(m, depth + 1)).filter((c): c is Cond => !!c);
        parts.push(key === '$or' ? { or: members } : { and: members });
      } else {
        const c = fieldCond(key, value);
        if (c) parts.push(c);
      }
    }
    return parts.length === 1 ? parts[0] : { and: parts };
  };

  let result: Cond | undefined;
  if (Array.isArray(input)) {
    if (input.length >= MAX_OPS) throw new QueryInputError('filters', 'Maximum number of filter operations exceeded');
    result = { or: input.map((m) => dictCond(m as Record<string, unknown>, 1)).filter((c): c is Cond => !!c) };
  } else {
    result = dictCond(input as Record<string, unknown>, 0);
  }
  if (errors.length) throw new QueryInputError('filters', errors.join('; '));
  return result;
}

/** CKAN's `sort`: "col desc, col2", with optional "nulls first|last" and "quoted names". */
export function parseCkanSort(raw: unknown, columns: Column[]): { column: Column; desc: boolean; nulls?: 'first' | 'last' }[] {
  if (raw === undefined || raw === null || raw === '') return [];
  const clauses = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? splitList(raw) : undefined;
  if (!clauses) throw new QueryInputError('sort', 'sort must be a string or a list of strings');
  return clauses.map((clause) => {
    const m = /^\s*("(?:[^"]|"")+"|.+?)(?:\s+(asc|desc))?(?:\s+nulls\s+(first|last))?\s*$/i.exec(clause);
    if (!m) throw new QueryInputError('sort', `cannot parse sort clause "${clause}"`);
    const name = m[1]!.startsWith('"') && m[1]!.endsWith('"') ? m[1]!.slice(1, -1).replace(/""/g, '"') : m[1]!;
    const column = findColumn(columns, name, 'sort');
    return { column, desc: (m[2] ?? 'asc').toLowerCase() === 'desc', ...(m[3] ? { nulls: m[3].toLowerCase() as 'first' | 'last' } : {}) };
  });
}

/** A list parameter: a JSON list, or a comma-separated string (quotes keep commas in names). */
export function splitList(raw: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of raw) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out.filter((x) => x !== '');
}
