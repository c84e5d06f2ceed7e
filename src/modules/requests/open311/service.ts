// Open311 GeoReport v2 use cases, per tenant as jurisdiction_id (the tenant's slug). Failures are
// Open311Failure: the HTTP status the spec asks for (404 unknown, 403 api_key, 400 else) and the
// error array, each problem named; nothing is written unless everything is valid.
import type { Db } from '../../../server/db/connect.ts';
import * as repo from '../repo.ts';
import { publicUpdates } from '../cases/repo.ts';
import { recompute } from '../deadlines/recompute.ts';
import { districtDepartment, findCooperation, memberAt } from '../routing/service.ts';
import { members } from '../routing/repo.ts';
import type { ServiceAttribute } from '../tables.ts';
import type { Open311Error } from './format.ts';
import type { PostInput } from './input.ts';

export class Open311Failure extends Error {
  constructor(readonly status: 400 | 403 | 404, readonly errors: Open311Error[]) {
    super(errors.map((e) => e.description).join('; '));
  }
}
const bad = (description: string) => new Open311Failure(400, [{ code: 400, description }]);

/** A municipality, or a cooperation: then its members (reports go to the member whose boundary holds the point). */
export type Jurisdiction = { id: string; slug: string; name: string; tenantIds: string[]; cooperation: boolean };

export async function jurisdiction(db: Db, id: string | undefined): Promise<Jurisdiction> {
  if (!id) throw bad('jurisdiction_id fehlt: der Kurzname der Kommune, z. B. "giessen" (GET /open311/v2/discovery.json)');
  const t = await db.selectFrom('core_tenants').select(['id', 'slug', 'name']).where('slug', '=', id).executeTakeFirst();
  if (t) return { ...t, tenantIds: [t.id], cooperation: false };
  const c = await findCooperation(db, id);
  if (c) return { ...c, tenantIds: (await members(db, c.id)).map((m) => m.id), cooperation: true };
  throw new Open311Failure(404, [{ code: 404, description: `jurisdiction_id "${id}" ist keine Kommune und keine Kooperation dieser Plattform` }]);
}

export async function service(db: Db, j: Jurisdiction, code: string): Promise<repo.ServiceRow> {
  for (const tenantId of j.tenantIds) {
    const s = await repo.findService(db, tenantId, code);
    if (s) return s;
  }
  throw new Open311Failure(404, [{ code: 404, description: `service_code "${code}" gibt es in ${j.name} nicht` }]);
}

/** Checks the attribute answers against the service definition; returns them normalised. Also used by the citizen form (citizen/service.ts). */
export function checkAttributes(defs: ServiceAttribute[], given: Record<string, string | string[]>, errors: Open311Error[]): Record<string, string | string[]> {
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

/** The current year in Germany (request numbers count per year). */
export const berlinYear = () => Number(new Date().toLocaleString('en', { timeZone: 'Europe/Berlin', year: 'numeric' }));

/** The services of a jurisdiction; for a cooperation each code once (as its first member has it). */
export async function services(db: Db, j: Jurisdiction) {
  const all = (await Promise.all(j.tenantIds.map((t) => repo.listServices(db, t)))).flat();
  return all.filter((s, i) => all.findIndex((x) => x.code === s.code) === i);
}

export async function postRequest(db: Db, jurisdictionOrCooperation: Jurisdiction, clientName: string, input: PostInput): Promise<{ number: string }> {
  let j = jurisdictionOrCooperation;
  if (j.cooperation) {
    if (input.lat === null || input.long === null) throw bad(`Für die Kooperation ${j.name} braucht die Meldung lat und long: daran wird die zuständige Kommune erkannt`);
    const member = await memberAt(db, j.id, input.lat, input.long);
    if (!member) throw bad(`Der Ort (${input.lat}, ${input.long}) liegt in keiner Kommune der Kooperation ${j.name}`);
    j = { ...member, tenantIds: [member.id], cooperation: false };
  }
  const s = await repo.findService(db, j.id, input.service_code);
  if (!s && input.service_code) throw new Open311Failure(404, [{ code: 404, description: `service_code "${input.service_code}" gibt es in ${j.name} nicht (GET /open311/v2/services.json?jurisdiction_id=${j.slug})` }]);
  const errors: Open311Error[] = [...input.errors];
  const attributes = s ? checkAttributes(s.attributes as ServiceAttribute[], input.attributes, errors) : {};
  if (errors.length || !s) throw new Open311Failure(400, errors);
  // A district rule for this place and service names the department; else the service's own.
  const departmentId = (input.lat !== null && input.long !== null ? await districtDepartment(db, j.id, s.code, input.lat, input.long) : undefined) ?? s.department_id;
  const tenant = j;
  // The number is drawn outside the transaction: the counter row is then locked only for one
  // statement, not while the request is written (a refused write leaves a gap, never a clash).
  const number = await repo.nextNumber(db, tenant, berlinYear());
  return db.transaction().execute(async (trx) => {
    const r = await repo.insertRequest(trx, {
      tenantId: tenant.id, number, serviceId: s.id, description: input.description, lat: input.lat, lon: input.long, address: input.address_string,
      attributes, mediaUrl: input.media_url, departmentId, source: 'open311', clientName,
      contactName: [input.first_name, input.last_name].filter(Boolean).join(' ') || null, contactEmail: input.email, contactPhone: input.phone, notify: input.email !== null,
    });
    await repo.insertEvent(trx, { requestId: r.id, tenantId: tenant.id, kind: 'created', toState: 'received', public: true, text: null, data: { via: 'open311', client: clientName, ...(jurisdictionOrCooperation.cooperation && { routedFrom: jurisdictionOrCooperation.slug }) } });
    await recompute(trx, r.id); // deadlines and expected_datetime from the first event on
    return { number };
  });
}

const DAY = 24 * 3600 * 1000;

export async function findRequests(db: Db, j: Jurisdiction, q: { ids?: string[]; serviceCodes?: string[]; start?: Date; end?: Date; status?: 'open' | 'closed'; page: number; pageSize: number }) {
  if (q.ids) return repo.requestsByNumbers(db, j.tenantIds, q.ids);
  // The spec's default window: the last 90 days, or 90 days around the one date given.
  const end = q.end ?? (q.start ? new Date(q.start.getTime() + 90 * DAY) : new Date());
  const start = q.start ?? new Date(end.getTime() - 90 * DAY);
  if (start > end) throw bad('start_date liegt nach end_date');
  return repo.searchRequests(db, j.tenantIds, { serviceCodes: q.serviceCodes, from: start, to: end, status: q.status, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
}

export async function findRequest(db: Db, j: Jurisdiction, number: string) {
  const rows = await repo.requestsByNumbers(db, j.tenantIds, [number]);
  if (!rows.length) throw new Open311Failure(404, [{ code: 404, description: `service_request_id "${number}" gibt es in ${j.name} nicht` }]);
  return rows;
}

/** Public updates in a window (default the last 24 hours, at most 7 days), oldest first. */
export async function findUpdates(db: Db, j: Jurisdiction, q: { start?: Date; end?: Date; pageSize: number }) {
  const end = q.end ?? new Date();
  const start = q.start ?? new Date(end.getTime() - DAY);
  if (start > end) throw bad('start_date liegt nach end_date');
  if (end.getTime() - start.getTime() > 7 * DAY) throw bad('Zeitraum höchstens 7 Tage (start_date bis end_date)');
  return publicUpdates(db, j.tenantIds, start, end, q.pageSize);
}
