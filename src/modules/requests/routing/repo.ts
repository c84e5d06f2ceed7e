// SQL of request routing: areas by tenant, and candidates whose bounding box holds a point.
import type { Kysely } from 'kysely';
import type { Database } from '../../../server/db/types.ts';
import type { Bbox } from './geo.ts';

type Q = Kysely<Database>;

export async function replaceAreas(db: Q, tenantId: string, kind: 'boundary' | 'district', areas: (Bbox & { name: string; geometry: unknown; department_id: string | null; service_codes: string[]; position: number })[]) {
  await db.deleteFrom('requests_areas').where('tenant_id', '=', tenantId).where('kind', '=', kind).execute();
  if (areas.length) await db.insertInto('requests_areas').values(areas.map((a) => ({ ...a, tenant_id: tenantId, kind, geometry: JSON.stringify(a.geometry) }))).execute();
}

export function listAreas(db: Q, tenantId: string) {
  return db.selectFrom('requests_areas as a').leftJoin('core_departments as d', 'd.id', 'a.department_id')
    .select(['a.kind', 'a.name', 'a.geometry', 'a.service_codes', 'a.position', 'd.slug as department'])
    .where('a.tenant_id', '=', tenantId).orderBy('a.kind').orderBy('a.position').execute();
}

/** Areas of `kind` whose bounding box holds the point, optionally among some tenants, in rule order. */
export function areasAt(db: Q, kind: 'boundary' | 'district', lat: number, lon: number, tenantIds?: string[]) {
  let q = db.selectFrom('requests_areas').select(['tenant_id', 'name', 'geometry', 'department_id', 'service_codes', 'position'])
    .where('kind', '=', kind).where('min_lon', '<=', lon).where('max_lon', '>=', lon).where('min_lat', '<=', lat).where('max_lat', '>=', lat);
  if (tenantIds) q = q.where('tenant_id', 'in', tenantIds.length ? tenantIds : ['00000000-0000-0000-0000-000000000000']);
  return q.orderBy('position').execute();
}

export function findCooperation(db: Q, slug: string) {
  return db.selectFrom('core_cooperations').select(['id', 'slug', 'name']).where('slug', '=', slug).executeTakeFirst();
}

export async function members(db: Q, cooperationId: string) {
  return db.selectFrom('core_cooperation_members as m').innerJoin('core_tenants as t', 't.id', 'm.tenant_id')
    .select(['t.id', 't.slug', 't.name']).where('m.cooperation_id', '=', cooperationId).execute();
}
