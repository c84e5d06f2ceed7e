// Open311 GeoReport v2 use cases, per tenant as jurisdiction_id (the tenant's slug). Failures are
// Open311Failure: the HTTP status the spec asks for (404 unknown, 403 api_key, 400 else) and the
// error array, each problem named; nothing is written unless everything is valid.
import type { Db } from '../../../server/db/connect.ts';
import * as repo from '../repo.ts';
import { publicUpdates } from '../cases/repo.ts';
import type { ServiceAttribute } from '../tables.ts';
import type { Open311Error } from './format.ts';
import type { PostInput } from './input.ts';

export class Open311Failure extends Error {
  constructor(readonly status: 400 | 403 | 404, readonly errors: Open311Error[]) {
    super(errors.map((e) => e.description).join('; '));
  }
}
const bad = (description: string) => new Open311Failure(400, [{ code: 400, description }]);

export type Jurisdiction = { id: string; slug: string; name: string };

export async function jurisdiction(db: Db, id: string | undefined): Promise<Jurisdiction> {
  if (!id) throw bad('jurisdiction_id fehlt: der Kurzname der Kommune, z. B. "giessen" (GET /open311/v2/discovery.json)');
  const t = await db.selectFrom('core_tenants').select(['id', 'slug', 'name']).where('slug', '=', id).executeTakeFirst();
  if (!t) throw new Open311Failure(404, [{ code: 404, description: `jurisdiction_id "${id}" ist keine Kommune dieser Plattform` }]);
  return t;
}

export async function service(db: Db, j: Jurisdiction, code: string): Promise<repo.ServiceRow> {
  const s = await repo.findService(db, j.id, code);
  if (!s) throw new Open311Failure(404, [{ code: 404, description: `service_code "${code}" gibt es in ${j.name} nicht` }]);
  return s;
}

/** Checks the attribute answers against the service definition; returns them normalised. */
function checkAttributes(defs: ServiceAttribute[], given: Record<string, string | string[]>, errors: Open311Error[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const code of Object.keys(given)) if (!defs.some((d) => d.code === code)) errors.push({ code: 400, description: `attribute[${code}]: unbekanntes Attribut` });
  for (const d of defs) {
    const v = given[d.code];
    const values = v === undefined ? [] : (Array.isArray(v) ? v : [v]).map((x) => x.trim()).filter(Boolean);
    if (!values.length) {
      if (d.required) errors.push({ code: 400, description: `attribute[${d.code}] fehlt (Pflichtangabe: ${d.description})` });
      continue;
    }
    const keys = new Set((d.values ?? []).map((x) => x.key));
    if (d.datatype === 'multivaluelist') {
      const unknown = values.filter((x) => !keys.has(x));
      if (unknown.length) errors.push({ code: 400, description: `attribute[${d.code}]: ${unknown.join(', ')} ist kein erlaubter Wert` });
      out[d.code] = values;
      continue;
    }
    if (values.length > 1) errors.push({ code: 400, description: `attribute[${d.code}]: nur ein Wert erlaubt` });
    const x = values[0]!;
    if (d.datatype === 'singlevaluelist' && !keys.has(x)) errors.push({ code: 400, description: `attribute[${d.code}]: "${x}" ist kein erlaubter Wert` });
    if (d.datatype === 'number' && !/^[+-]?\d+([.,]\d+)?$/.test(x)) errors.push({ code: 400, description: `attribute[${d.code}]: "${x}" ist keine Zahl` });
    if (d.datatype === 'datetime' && Number.isNaN(Date.parse(x))) errors.push({ code: 400, description: `attribute[${d.code}]: "${x}" ist kein Datum (ISO 8601)` });
    if ((d.datatype === 'string' && x.length > 500) || x.length > 4000) errors.push({ code: 400, description: `attribute[${d.code}]: zu lang` });
    out[d.code] = x;
  }
  return out;
}

/** Three letters of the tenant's slug for request numbers: "giessen" → "GIE". */
const numberPrefix = (slug: string) => slug.replace(/[^a-z]/g, '').slice(0, 3).toUpperCase() || 'REQ';

export async function postRequest(db: Db, j: Jurisdiction, clientName: string, input: PostInput): Promise<{ number: string }> {
  const s = await repo.findService(db, j.id, input.service_code);
  if (!s && input.service_code) throw new Open311Failure(404, [{ code: 404, description: `service_code "${input.service_code}" gibt es in ${j.name} nicht (GET /open311/v2/services.json?jurisdiction_id=${j.slug})` }]);
  const errors: Open311Error[] = [...input.errors];
  const attributes = s ? checkAttributes(s.attributes as ServiceAttribute[], input.attributes, errors) : {};
  if (errors.length || !s) throw new Open311Failure(400, errors);
  return db.transaction().execute(async (trx) => {
    const now = new Date();
    const number = await repo.nextNumber(trx, j.id, numberPrefix(j.slug), Number(now.toLocaleString('en', { timeZone: 'Europe/Berlin', year: 'numeric' })));
    const r = await repo.insertRequest(trx, {
      tenantId: j.id, number, serviceId: s.id, description: input.description, lat: input.lat, lon: input.long, address: input.address_string,
      attributes, mediaUrl: input.media_url, departmentId: s.department_id, source: 'open311', clientName,
      contactName: [input.first_name, input.last_name].filter(Boolean).join(' ') || null, contactEmail: input.email, contactPhone: input.phone, notify: input.email !== null,
    });
    await repo.insertEvent(trx, { requestId: r.id, tenantId: j.id, kind: 'created', toState: 'received', public: true, text: null, data: { via: 'open311', client: clientName } });
    return { number };
  });
}

const DAY = 24 * 3600 * 1000;

export async function findRequests(db: Db, j: Jurisdiction, q: { ids?: string[]; serviceCodes?: string[]; start?: Date; end?: Date; status?: 'open' | 'closed'; page: number; pageSize: number }) {
  if (q.ids) return repo.requestsByNumbers(db, j.id, q.ids);
  // The spec's default window: the last 90 days, or 90 days around the one date given.
  const end = q.end ?? (q.start ? new Date(q.start.getTime() + 90 * DAY) : new Date());
  const start = q.start ?? new Date(end.getTime() - 90 * DAY);
  if (start > end) throw bad('start_date liegt nach end_date');
  return repo.searchRequests(db, j.id, { serviceCodes: q.serviceCodes, from: start, to: end, status: q.status, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
}

export async function findRequest(db: Db, j: Jurisdiction, number: string) {
  const rows = await repo.requestsByNumbers(db, j.id, [number]);
  if (!rows.length) throw new Open311Failure(404, [{ code: 404, description: `service_request_id "${number}" gibt es in ${j.name} nicht` }]);
  return rows;
}

/** Public updates in a window (default the last 24 hours, at most 7 days), oldest first. */
export async function findUpdates(db: Db, j: Jurisdiction, q: { start?: Date; end?: Date; pageSize: number }) {
  const end = q.end ?? new Date();
  const start = q.start ?? new Date(end.getTime() - DAY);
  if (start > end) throw bad('start_date liegt nach end_date');
  if (end.getTime() - start.getTime() > 7 * DAY) throw bad('Zeitraum höchstens 7 Tage (start_date bis end_date)');
  return publicUpdates(db, j.id, start, end, q.pageSize);
}
