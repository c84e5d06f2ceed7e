// SQL of the citizen form and tracking page (one short query per function). Requests and events
// themselves are written through ../repo.ts, the module's own SQL.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../server/db/types.ts';

type Q = Kysely<Database>;

export function tenantBySlug(db: Q, slug: string) {
  return db.selectFrom('core_tenants').select(['id', 'slug', 'name']).where('slug', '=', slug).executeTakeFirst();
}

/** The middle of the tenant's last 500 located requests; null when it has none. */
export async function recentRequestsCentre(db: Q, tenantId: string): Promise<{ lat: number; lon: number } | null> {
  const r = await sql<{ lat: number | null; lon: number | null }>`
    SELECT avg(lat)::float8 AS lat, avg(lon)::float8 AS lon FROM (
      SELECT lat, lon FROM requests_items WHERE tenant_id = ${tenantId} AND lat IS NOT NULL AND lon IS NOT NULL
      ORDER BY requested_at DESC LIMIT 500) recent`.execute(db);
  const row = r.rows[0];
  return row && row.lat !== null && row.lon !== null ? { lat: row.lat, lon: row.lon } : null;
}

export function setTrackingHash(db: Q, requestId: string, hash: string) {
  return db.updateTable('requests_items').set({ tracking_token_hash: hash }).where('id', '=', requestId).execute();
}

export function insertPhoto(db: Q, p: { requestId: string; tenantId: string; fileId: string; stripped: string[] }) {
  return db.insertInto('requests_photos').values({ request_id: p.requestId, tenant_id: p.tenantId, file_id: p.fileId, stripped: p.stripped }).execute();
}

/** What the tracking page may show of a request: no contact data, no assignee, no department staff. */
export function trackedRequest(db: Q, hash: string) {
  return db.selectFrom('requests_items as r')
    .innerJoin('requests_services as s', 's.id', 'r.service_id')
    .innerJoin('core_tenants as t', 't.id', 'r.tenant_id')
    .select(['r.id', 'r.number', 'r.state', 'r.description', 'r.address', 'r.lat', 'r.lon', 'r.requested_at', 'r.expected_at', 'r.closed_at',
      's.code as service_code', 's.name as service_name', 't.slug as tenant_slug', 't.name as tenant_name'])
    .select((eb) => eb.selectFrom('requests_photos as p').select((e) => e.fn.countAll<string>().as('n')).whereRef('p.request_id', '=', 'r.id').as('photos'))
    .where('r.tracking_token_hash', '=', hash)
    .executeTakeFirst();
}

/** The public events of a request, oldest first; never the actor, internal notes or event data. */
export function publicEvents(db: Q, requestId: string) {
  return db.selectFrom('requests_events').select(['at', 'kind', 'to_state', 'text'])
    .where('request_id', '=', requestId).where('public', '=', true).orderBy('at').orderBy('id').execute();
}
