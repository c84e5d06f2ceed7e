// The only SQL of the requests module.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../server/db/types.ts';
import type { ServiceAttribute, State } from './tables.ts';

type Q = Kysely<Database>;

export function listServices(db: Q, tenantId: string) {
  return db.selectFrom('requests_services').selectAll().where('tenant_id', '=', tenantId).where('active', '=', true).orderBy('category').orderBy('name').execute();
}

export function findService(db: Q, tenantId: string, code: string) {
  return db.selectFrom('requests_services').selectAll().where('tenant_id', '=', tenantId).where('code', '=', code).where('active', '=', true).executeTakeFirst();
}

export type ServiceRow = NonNullable<Awaited<ReturnType<typeof findService>>>;

export async function upsertService(db: Q, s: { tenantId: string; code: string; name: string; description: string; category: string; keywords: string[]; attributes: ServiceAttribute[]; departmentId: string | null; slaPolicy: unknown }) {
  const values = { name: s.name, description: s.description, category: s.category, keywords: s.keywords, attributes: JSON.stringify(s.attributes), department_id: s.departmentId, sla_policy: s.slaPolicy === null ? null : JSON.stringify(s.slaPolicy), updated_at: sql<Date>`now()` };
  return db.insertInto('requests_services').values({ tenant_id: s.tenantId, code: s.code, ...values })
    .onConflict((oc) => oc.columns(['tenant_id', 'code']).doUpdateSet(values)).returning('id').executeTakeFirstOrThrow();
}

/** Candidates for a tenant's code: three letters of its short name ("giessen" → GIE; REQ for a
 *  name without letters), then the first letter with two later ones, then anything free. */
function* prefixCandidates(slug: string) {
  const letters = slug.toUpperCase().replace(/[^A-Z]/g, '') || 'REQ';
  yield letters.slice(0, 3);
  for (let i = 1; i < letters.length; i++) for (let j = i + 1; j < letters.length; j++) yield `${letters[0]}${letters[i]}${letters[j]}`;
  for (let n = 0; n < 26 ** 3; n++) yield String.fromCharCode(65 + Math.floor(n / 676), 65 + (Math.floor(n / 26) % 26), 65 + (n % 26));
}

/** The tenant's request-number code, assigned on first use and unique across the platform. */
async function tenantPrefix(db: Q, tenantId: string, slug: string): Promise<string> {
  const have = await db.selectFrom('requests_prefixes').select('prefix').where('tenant_id', '=', tenantId).executeTakeFirst();
  if (have) return have.prefix;
  for (const candidate of prefixCandidates(slug)) {
    const r = await sql<{ prefix: string }>`
      INSERT INTO requests_prefixes (tenant_id, prefix) VALUES (${tenantId}, ${candidate}) ON CONFLICT DO NOTHING RETURNING prefix`.execute(db);
    if (r.rows.length) return candidate;
    const mine = await db.selectFrom('requests_prefixes').select('prefix').where('tenant_id', '=', tenantId).executeTakeFirst();
    if (mine) return mine.prefix; // another transaction gave this tenant its code meanwhile
  }
  throw new Error('no free request-number code');
}

/** The next request number of a tenant in a year ("GIE-2026-000042"), counted under a row lock. */
export async function nextNumber(db: Q, tenant: { id: string; slug: string }, year: number): Promise<string> {
  const prefix = await tenantPrefix(db, tenant.id, tenant.slug);
  const r = await sql<{ last: number }>`
    INSERT INTO requests_counters (tenant_id, year, last) VALUES (${tenant.id}, ${year}, 1)
    ON CONFLICT (tenant_id, year) DO UPDATE SET last = requests_counters.last + 1 RETURNING last`.execute(db);
  return `${prefix}-${year}-${String(r.rows[0]!.last).padStart(6, '0')}`;
}

export function insertRequest(db: Q, r: {
  tenantId: string; number: string; serviceId: string; description: string; lat: number | null; lon: number | null; address: string | null;
  attributes: Record<string, string | string[]>; mediaUrl: string | null; departmentId: string | null; source: string; clientName: string | null;
  contactName: string | null; contactEmail: string | null; contactPhone: string | null; notify: boolean; requestedAt?: Date;
}) {
  return db.insertInto('requests_items').values({
    tenant_id: r.tenantId, number: r.number, service_id: r.serviceId, description: r.description, lat: r.lat, lon: r.lon, address: r.address,
    attributes: JSON.stringify(r.attributes), media_url: r.mediaUrl, department_id: r.departmentId, source: r.source, client_name: r.clientName,
    contact_name: r.contactName, contact_email: r.contactEmail, contact_phone: r.contactPhone, notify: r.notify,
    ...(r.requestedAt && { requested_at: r.requestedAt, updated_at: r.requestedAt }),
  }).returning(['id', 'number', 'requested_at']).executeTakeFirstOrThrow();
}

export function insertEvent(db: Q, e: { requestId: string; tenantId: string; kind: string; fromState?: State | null; toState?: State | null; public?: boolean; text?: string | null; actorId?: string | null; at?: Date; data?: Record<string, unknown> }) {
  return db.insertInto('requests_events').values({
    request_id: e.requestId, tenant_id: e.tenantId, kind: e.kind, from_state: e.fromState ?? null, to_state: e.toState ?? null, public: e.public ?? false,
    text: e.text ?? null, actor_id: e.actorId ?? null, data: JSON.stringify(e.data ?? {}), ...(e.at && { at: e.at }),
  }).returning('id').executeTakeFirstOrThrow();
}

/** What Open311 shows of a request: never the contact fields. */
const PUBLIC_COLUMNS = ['r.id', 'r.number', 'r.state', 'r.description', 'r.lat', 'r.lon', 'r.address', 'r.media_url', 'r.requested_at', 'r.updated_at',
  'r.expected_at', 'r.closed_at', 's.code as service_code', 's.name as service_name', 'd.name as department_name', 't.slug as tenant_slug'] as const;

function publicRequests(db: Q) {
  return db.selectFrom('requests_items as r')
    .innerJoin('requests_services as s', 's.id', 'r.service_id')
    .innerJoin('core_tenants as t', 't.id', 'r.tenant_id')
    .leftJoin('core_departments as d', 'd.id', 'r.department_id')
    .select(PUBLIC_COLUMNS)
    .select((eb) => eb.selectFrom('requests_events as e').select('e.text').whereRef('e.request_id', '=', 'r.id').where('e.public', '=', true)
      .where('e.text', 'is not', null).orderBy('e.at', 'desc').orderBy('e.id', 'desc').limit(1).as('status_notes'));
}

export type PublicRequest = Awaited<ReturnType<ReturnType<typeof publicRequests>['execute']>>[number];

export function requestsByNumbers(db: Q, tenantIds: string[], numbers: string[]) {
  return publicRequests(db).where('r.tenant_id', 'in', tenantIds).where('r.number', 'in', numbers).orderBy('r.requested_at', 'desc').execute();
}

export function searchRequests(db: Q, tenantIds: string[], f: { serviceCodes?: string[]; from: Date; to: Date; status?: 'open' | 'closed'; limit: number; offset: number }) {
  let q = publicRequests(db).where('r.tenant_id', 'in', tenantIds).where('r.requested_at', '>=', f.from).where('r.requested_at', '<=', f.to);
  if (f.serviceCodes?.length) q = q.where('s.code', 'in', f.serviceCodes);
  if (f.status) q = q.where('r.state', f.status === 'closed' ? 'in' : 'not in', ['resolved', 'closed']);
  return q.orderBy('r.requested_at', 'desc').orderBy('r.number', 'desc').limit(f.limit).offset(f.offset).execute();
}
