// Reading Open311 input: the POST form (application/x-www-form-urlencoded with
// attribute[code]=v and attribute[code][]=v, or the same as JSON) and the GET query parameters.
// Problems are collected as Open311 errors, never thrown one by one, so a client sees them all.
import type { Open311Error } from './format.ts';

export type Form = Record<string, string | string[]>;

/** URL-encoded form → fields; `attribute[code]` and `attribute[code][]` kept as such. */
export function parseForm(body: string): Form {
  const out: Form = {};
  for (const [k, v] of new URLSearchParams(body)) {
    const key = k.endsWith('[]') ? k.slice(0, -2) : k;
    const prev = out[key];
    out[key] = prev === undefined ? (k.endsWith('[]') ? [v] : v) : [...(Array.isArray(prev) ? prev : [prev]), v];
  }
  return out;
}

export type PostInput = {
  api_key: string | null; service_code: string; lat: number | null; long: number | null; address_string: string | null;
  attributes: Record<string, string | string[]>; description: string; media_url: string | null;
  email: string | null; first_name: string | null; last_name: string | null; phone: string | null;
  errors: Open311Error[];
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The POST fields, JSON's nested `attribute` object included; blank optional fields count as absent (the spec's "Optional"). */
export function readPost(raw: unknown): PostInput {
  const f: Record<string, unknown> = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const errors: Open311Error[] = [];
  const str = (k: string, max = 500): string | null => {
    const v = f[k];
    if (v === undefined || v === null || v === '') return null;
    if (typeof v !== 'string' && typeof v !== 'number') {
      errors.push({ code: 400, description: `${k}: ein Wert erwartet` });
      return null;
    }
    const s = String(v).trim();
    if (s.length > max) errors.push({ code: 400, description: `${k}: höchstens ${max} Zeichen` });
    return s || null;
  };
  const num = (k: string, lo: number, hi: number): number | null => {
    const s = str(k, 40);
    if (s === null) return null;
    const n = Number(s);
    if (!/^[+-]?\d+(\.\d+)?$/.test(s) || n < lo || n > hi) {
      errors.push({ code: 400, description: `${k}: "${s}" ist keine Koordinate (WGS84, ${lo} bis ${hi})` });
      return null;
    }
    return n;
  };
  const attributes: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(f)) {
    const m = /^attribute\[([^\]]+)\]$/.exec(k);
    if (m && (typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string')))) attributes[m[1]!] = v as string | string[];
  }
  if (f.attribute && typeof f.attribute === 'object' && !Array.isArray(f.attribute)) {
    for (const [k, v] of Object.entries(f.attribute as Record<string, unknown>)) if (typeof v === 'string' || Array.isArray(v)) attributes[k] = (Array.isArray(v) ? v.map(String) : v) as string | string[];
  }
  const input: PostInput = {
    api_key: str('api_key', 200), service_code: str('service_code', 64) ?? '', lat: num('lat', -90, 90), long: num('long', -180, 180),
    address_string: str('address_string', 300), attributes, description: str('description', 4000) ?? '', media_url: str('media_url', 2000),
    email: str('email', 254), first_name: str('first_name', 100), last_name: str('last_name', 100), phone: str('phone', 50), errors,
  };
  if (!input.service_code) errors.push({ code: 400, description: 'service_code fehlt' });
  if ((input.lat === null) !== (input.long === null) && !errors.some((e) => /^(lat|long):/.test(e.description))) errors.push({ code: 400, description: 'lat und long nur zusammen' });
  if (input.lat === null && input.long === null && !input.address_string && !errors.some((e) => /^(lat|long):/.test(e.description))) {
    errors.push({ code: 400, description: 'Ort fehlt: lat und long oder address_string angeben' });
  }
  if (input.email && !EMAIL.test(input.email)) errors.push({ code: 400, description: `email: "${input.email}" ist keine E-Mail-Adresse` });
  if (input.media_url && !/^https?:\/\/\S+$/i.test(input.media_url)) errors.push({ code: 400, description: 'media_url: http- oder https-Adresse erwartet' });
  return input;
}

export type RequestQuery = { ids?: string[]; serviceCodes?: string[]; start?: Date; end?: Date; status?: 'open' | 'closed'; page: number; pageSize: number };

const list = (v: unknown) => (typeof v === 'string' && v.trim() ? v.split(',').map((x) => x.trim()).filter(Boolean) : undefined);

/** GET /requests parameters; paging is the common extension (page, page_size ≤ 1000, default 1000 as the spec's cap). */
export function readRequestQuery(q: Record<string, unknown>): { query: RequestQuery; errors: Open311Error[] } {
  const errors: Open311Error[] = [];
  const date = (k: string) => {
    const v = q[k];
    if (typeof v !== 'string' || !v) return undefined;
    const t = Date.parse(v);
    if (!/^\d{4}-\d{2}-\d{2}/.test(v) || Number.isNaN(t)) {
      errors.push({ code: 400, description: `${k}: "${v}" ist kein Zeitpunkt nach ISO 8601 (z. B. 2026-11-01T00:00:00Z)` });
      return undefined;
    }
    return new Date(t);
  };
  const int = (k: string, dflt: number, max: number) => {
    const v = q[k];
    if (v === undefined || v === '') return dflt;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > max) {
      errors.push({ code: 400, description: `${k}: ganze Zahl von 1 bis ${max}` });
      return dflt;
    }
    return n;
  };
  const status = q.status === undefined || q.status === '' ? undefined : q.status;
  if (status !== undefined && status !== 'open' && status !== 'closed') errors.push({ code: 400, description: 'status: open oder closed' });
  const ids = list(q.service_request_id);
  if (ids && ids.length > 100) errors.push({ code: 400, description: 'service_request_id: höchstens 100 Nummern' });
  return {
    query: { ids, serviceCodes: list(q.service_code), start: date('start_date'), end: date('end_date'), status: status as RequestQuery['status'], page: int('page', 1, 10_000), pageSize: int('page_size', 1000, 1000) },
    errors,
  };
}
