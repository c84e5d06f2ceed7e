// Reading CKAN action parameters, which arrive as strings (GET) or JSON values (POST).
import { CkanValidation } from './errors.ts';

export type Params = Record<string, unknown>;

export const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

export const flag = (v: unknown): boolean => v === true || (typeof v === 'string' && /^(true|1)$/i.test(v));

/** An integer parameter: absent → default, above max → max, invalid → Validation Error on it. */
export function int(p: Params, key: string, def: number, min: number, max: number): number {
  const v = p[key];
  if (v === undefined || v === '') return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new CkanValidation({ [key]: [min > 0 ? 'Must be a natural number above 0' : 'Invalid integer'] });
  return Math.min(n, max);
}
