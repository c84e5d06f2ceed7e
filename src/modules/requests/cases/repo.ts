// SQL of staff case handling: one case (locked for a change), its full timeline, the inbox, and
// the public updates feed.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../server/db/types.ts';
import type { State } from '../tables.ts';

type Q = Kysely<Database>;

export function findCase(db: Q, number: string, lock = false) {
  const q = db.selectFrom('requests_items').selectAll().where('number', '=', number);
  return (lock ? q.forUpdate() : q).executeTakeFirst();
}
export type CaseRow = NonNullable<Awaited<ReturnType<typeof findCase>>>;

export function updateCase(db: Q, id: string, patch: { state?: State; department_id?: string | null; assignee_id?: string | null; priority?: number; closed_at?: Date | null }) {
  return db.updateTable('requests_items').set({ ...patch, updated_at: sql<Date>`now()` }).where('id', '=', id).execute();
}

export function findDepartment(db: Q, tenantId: string, slug: string) {
  return db.selectFrom('core_departments').select(['id', 'name']).where('tenant_id', '=', tenantId).where('slug', '=', slug).executeTakeFirst();
}

/** A user who works in the tenant (any role), by e-mail. */
export function findStaff(db: Q, tenantId: string, email: string) {
  return db.selectFrom('core_users as u').innerJoin('core_memberships as m', 'm.user_id', 'u.id')
    .select(['u.id', 'u.name', 'u.email']).where('m.tenant_id', '=', tenantId).where(sql`lower(u.email)`, '=', email.toLowerCase()).executeTakeFirst();
}

export function caseView(db: Q, number: string) {
  return db.selectFrom('requests_items as r')
    .innerJoin('requests_services as s', 's.id', 'r.service_id')
    .innerJoin('core_tenants as t', 't.id', 'r.tenant_id')
    .leftJoin('core_departments as d', 'd.id', 'r.department_id')
    .leftJoin('core_users as a', 'a.id', 'r.assignee_id')
    .select(['r.id', 'r.number', 'r.tenant_id', 't.slug as tenant', 'r.state', 'r.description', 'r.lat', 'r.lon', 'r.address', 'r.attributes', 'r.media_url', 'r.priority',
      'r.requested_at', 'r.updated_at', 'r.expected_at', 'r.closed_at', 'r.source', 'r.client_name', 'r.contact_name', 'r.contact_email', 'r.contact_phone', 'r.notify',
      's.code as service_code', 's.name as service_name', 'd.slug as department', 'd.name as department_name', 'a.email as assignee', 'a.name as assignee_name'])
    .where('r.number', '=', number).executeTakeFirst();
}

export function timeline(db: Q, requestId: string) {
  return db.selectFrom('requests_events as e').leftJoin('core_users as u', 'u.id', 'e.actor_id')
    .select(['e.id', 'e.at', 'e.kind', 'e.from_state', 'e.to_state', 'e.public', 'e.text', 'e.data', 'u.name as actor'])
    .where('e.request_id', '=', requestId).orderBy('e.at').orderBy('e.id').execute();
}

/** Open cases first by due time (soonest first, none last), then the newest. */
export function inbox(db: Q, tenantId: string, f: { states?: string[]; departmentId?: string; assigneeId?: string; serviceCode?: string; limit: number; offset: number }) {
  let q = db.selectFrom('requests_items as r')
    .innerJoin('requests_services as s', 's.id', 'r.service_id')
    .leftJoin('core_departments as d', 'd.id', 'r.department_id')
    .leftJoin('core_users as a', 'a.id', 'r.assignee_id')
    .where('r.tenant_id', '=', tenantId);
  if (f.states?.length) {
    const open = f.states.includes('open');
    const named = f.states.filter((x) => x !== 'open') as State[];
    q = q.where((eb) => eb.or([
      ...(named.length ? [eb('r.state', 'in', named)] : []),
      ...(open ? [eb('r.state', 'not in', ['resolved', 'closed'] as State[])] : []),
    ]));
  }
  if (f.departmentId) q = q.where('r.department_id', '=', f.departmentId);
  if (f.assigneeId) q = q.where('r.assignee_id', '=', f.assigneeId);
  if (f.serviceCode) q = q.where('s.code', '=', f.serviceCode);
  const rows = q.select(['r.number', 'r.state', 'r.description', 'r.priority', 'r.requested_at', 'r.updated_at', 'r.expected_at', 'r.address', 'r.lat', 'r.lon',
    's.code as service_code', 's.name as service_name', 'd.slug as department', 'd.name as department_name', 'a.email as assignee', 'a.name as assignee_name'])
    .orderBy(sql`r.expected_at ASC NULLS LAST`).orderBy('r.requested_at', 'desc').orderBy('r.number').limit(f.limit).offset(f.offset);
  const total = q.select((eb) => eb.fn.countAll<string>().as('n'));
  return Promise.all([rows.execute(), total.executeTakeFirstOrThrow()]).then(([items, t]) => ({ items, total: Number(t.n) }));
}

/** Public events (state changes and public notes) of a tenant in a time window, oldest first. */
export function publicUpdates(db: Q, tenantIds: string[], from: Date, to: Date, limit: number) {
  return db.selectFrom('requests_events as e').innerJoin('requests_items as r', 'r.id', 'e.request_id')
    .select(['e.id', 'e.at', 'e.kind', 'e.to_state', 'e.text', 'r.number', 'r.state', 'r.media_url'])
    .where('e.tenant_id', 'in', tenantIds).where('e.public', '=', true).where('e.at', '>=', from).where('e.at', '<=', to)
    .orderBy('e.at').orderBy('e.id').limit(limit).execute();
}

/** Open requests of the same service near a point within a time window (bbox in SQL, metres in JS). */
export function nearbySameService(db: Q, r: { id: string; tenant_id: string; service_id: string; lat: number; lon: number; requested_at: Date }, o: { metres: number; days: number }) {
  const dLat = o.metres / 111_200;
  const dLon = o.metres / (111_200 * Math.cos((r.lat * Math.PI) / 180));
  const ms = o.days * 24 * 3600 * 1000;
  return db.selectFrom('requests_items').select(['id', 'number', 'state', 'description', 'lat', 'lon', 'requested_at'])
    .where('tenant_id', '=', r.tenant_id).where('service_id', '=', r.service_id).where('id', '!=', r.id).where('merged_into', 'is', null)
    .where('lat', '>=', r.lat - dLat).where('lat', '<=', r.lat + dLat).where('lon', '>=', r.lon - dLon).where('lon', '<=', r.lon + dLon)
    .where('requested_at', '>=', new Date(r.requested_at.getTime() - ms)).where('requested_at', '<=', new Date(r.requested_at.getTime() + ms))
    .orderBy('requested_at').limit(50).execute();
}

export function markMerged(db: Q, id: string, into: string) {
  return db.updateTable('requests_items').set({ merged_into: into, state: 'closed', closed_at: sql<Date>`coalesce(closed_at, now())`, updated_at: sql<Date>`now()` }).where('id', '=', id).execute();
}
