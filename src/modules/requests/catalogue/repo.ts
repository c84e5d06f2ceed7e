// SQL of the service catalogue: services with their department and original, cooperation
// membership, and the writes (one short query per function, explicit columns).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../server/db/types.ts';
import type { ServiceAttribute } from '../tables.ts';

type Q = Kysely<Database>;

/** Services with what the catalogue shows: department slug and the original's tenant and code. */
function services(db: Q) {
  return db.selectFrom('requests_services as s')
    .innerJoin('core_tenants as t', 't.id', 's.tenant_id')
    .leftJoin('core_departments as d', 'd.id', 's.department_id')
    .leftJoin('requests_services as o', 'o.id', 's.adopted_from')
    .leftJoin('core_tenants as ot', 'ot.id', 'o.tenant_id')
    .select(['s.id', 's.tenant_id', 's.code', 's.name', 's.description', 's.category', 's.keywords', 's.type', 's.active', 's.attributes', 's.sla_policy',
      'd.slug as department', 't.slug as tenant_slug', 't.name as tenant_name', 'ot.slug as original_tenant', 'o.code as original_code']);
}

export type CatalogueRow = Awaited<ReturnType<ReturnType<typeof services>['execute']>>[number];

export function listServices(db: Q, tenantId: string, includeInactive: boolean) {
  let q = services(db).where('s.tenant_id', '=', tenantId);
  if (!includeInactive) q = q.where('s.active', '=', true);
  return q.orderBy('s.category').orderBy('s.name').orderBy('s.code').execute();
}

export function findService(db: Q, tenantId: string, code: string) {
  return services(db).where('s.tenant_id', '=', tenantId).where('s.code', '=', code).executeTakeFirst();
}

/** Active services of a cooperation's members, with the members that adopted each. */
export function cooperationServices(db: Q, cooperationId: string) {
  return services(db)
    .innerJoin('core_cooperation_members as m', 'm.tenant_id', 's.tenant_id')
    .select(sql<string[]>`coalesce((SELECT array_agg(at.slug ORDER BY at.slug) FROM requests_services a JOIN core_tenants at ON at.id = a.tenant_id
      WHERE a.adopted_from = s.id), '{}')`.as('adopted_by'))
    .where('m.cooperation_id', '=', cooperationId).where('s.active', '=', true)
    .orderBy('t.name').orderBy('s.category').orderBy('s.name').execute();
}

export function findCooperation(db: Q, slug: string) {
  return db.selectFrom('core_cooperations').select(['id', 'slug', 'name']).where('slug', '=', slug).executeTakeFirst();
}

/** Do the two tenants share a cooperation? */
export async function shareCooperation(db: Q, a: string, b: string): Promise<boolean> {
  const r = await db.selectFrom('core_cooperation_members as x').innerJoin('core_cooperation_members as y', 'y.cooperation_id', 'x.cooperation_id')
    .select('x.cooperation_id').where('x.tenant_id', '=', a).where('y.tenant_id', '=', b).limit(1).executeTakeFirst();
  return r !== undefined;
}

export function findTenant(db: Q, slug: string) {
  return db.selectFrom('core_tenants').select(['id', 'slug', 'name']).where('slug', '=', slug).executeTakeFirst();
}

export function findDepartment(db: Q, tenantId: string, slug: string) {
  return db.selectFrom('core_departments').select(['id', 'slug']).where('tenant_id', '=', tenantId).where('slug', '=', slug).executeTakeFirst();
}

export type ServiceWrite = {
  name: string; description: string; category: string; keywords: string[]; attributes: ServiceAttribute[]; departmentId: string | null;
  type: 'realtime' | 'batch' | 'blackbox'; active: boolean;
};

const columns = (s: ServiceWrite) => ({
  name: s.name, description: s.description, category: s.category, keywords: s.keywords, attributes: JSON.stringify(s.attributes),
  department_id: s.departmentId, type: s.type, active: s.active,
});

/** Creates or replaces a service's definition; the SLA policy and the link to an original stay. */
export function saveService(db: Q, tenantId: string, code: string, s: ServiceWrite) {
  return db.insertInto('requests_services').values({ tenant_id: tenantId, code, ...columns(s) })
    .onConflict((oc) => oc.columns(['tenant_id', 'code']).doUpdateSet({ ...columns(s), updated_at: sql<Date>`now()` }))
    .returning('id').executeTakeFirstOrThrow();
}

/** A copy of another member's service; nothing when the code is taken (the caller answers 409). */
export function insertAdopted(db: Q, tenantId: string, code: string, s: ServiceWrite & { slaPolicy: unknown; adoptedFrom: string }) {
  return db.insertInto('requests_services')
    .values({ tenant_id: tenantId, code, ...columns(s), sla_policy: s.slaPolicy === null ? null : JSON.stringify(s.slaPolicy), adopted_from: s.adoptedFrom })
    .onConflict((oc) => oc.columns(['tenant_id', 'code']).doNothing()).returning('id').executeTakeFirst();
}

export function deactivate(db: Q, tenantId: string, code: string) {
  return db.updateTable('requests_services').set({ active: false, updated_at: sql<Date>`now()` })
    .where('tenant_id', '=', tenantId).where('code', '=', code).executeTakeFirst();
}
