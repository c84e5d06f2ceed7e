// SQL for tenants, cooperations and departments.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../server/db/types.ts';
import type { TenantType } from '../tables.ts';

type Q = Kysely<Database>;

export function listTenants(db: Q) {
  return db
    .selectFrom('core_tenants as t')
    .leftJoin('core_tenants as p', 'p.id', 't.parent_id')
    .select([
      't.id', 't.slug', 't.name', 't.type', 't.ags', 't.ars', 't.website', 't.population', sql<string | null>`to_char(t.population_date, 'YYYY-MM-DD')`.as('population_date'), 'p.slug as parent_slug',
      sql<string[]>`coalesce((SELECT array_agg(c.slug ORDER BY c.name) FROM core_cooperation_members cm
        JOIN core_cooperations c ON c.id = cm.cooperation_id WHERE cm.tenant_id = t.id), '{}')`.as('cooperations'),
    ])
    .orderBy('t.type', 'desc')
    .orderBy('t.name');
}

export function findTenantBySlug(db: Q, slug: string) {
  return listTenants(db).where('t.slug', '=', slug).executeTakeFirst();
}

/** The cheap lookup most requests need: a tenant's id from its slug. */
export function findTenantRef(db: Q, slug: string) {
  return db.selectFrom('core_tenants').select(['id', 'slug', 'name', 'type']).where('slug', '=', slug).executeTakeFirst();
}

export function tenantIdsBySlug(db: Q, slugs: string[]) {
  if (slugs.length === 0) return Promise.resolve([] as { id: string; slug: string }[]);
  return db.selectFrom('core_tenants').select(['id', 'slug']).where('slug', 'in', slugs).execute();
}

export function insertTenant(
  db: Q,
  t: { slug: string; name: string; type: TenantType; ags: string; ars: string; parentId: string | null; website: string | null; population: number | null; populationDate: string | null },
) {
  return db
    .insertInto('core_tenants')
    .values({ slug: t.slug, name: t.name, type: t.type, ags: t.ags, ars: t.ars, parent_id: t.parentId, website: t.website, population: t.population, population_date: t.populationDate })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export function updateTenant(db: Q, id: string, patch: Partial<{ name: string; website: string | null; parent_id: string | null; population: number | null; population_date: string | null }>) {
  return db.updateTable('core_tenants').set({ ...patch, updated_at: sql`now()` }).where('id', '=', id).execute();
}

/** True when `candidateParentId` is `tenantId` itself or one of its descendants. */
export async function wouldCreateCycle(db: Q, tenantId: string, candidateParentId: string): Promise<boolean> {
  const r = await sql<{ hit: boolean }>`
    WITH RECURSIVE down(id) AS (
      SELECT ${tenantId}::uuid
      UNION SELECT t.id FROM core_tenants t JOIN down d ON t.parent_id = d.id
    ) SELECT EXISTS (SELECT 1 FROM down WHERE id = ${candidateParentId}::uuid) AS hit`.execute(db);
  return r.rows[0]?.hit ?? false;
}

// ---- cooperations
export function listCooperations(db: Q) {
  return db
    .selectFrom('core_cooperations as c')
    .select([
      'c.id', 'c.slug', 'c.name', 'c.description',
      sql<{ slug: string; name: string }[]>`coalesce((SELECT json_agg(json_build_object('slug', t.slug, 'name', t.name) ORDER BY t.name)
        FROM core_cooperation_members m JOIN core_tenants t ON t.id = m.tenant_id WHERE m.cooperation_id = c.id), '[]')`.as('members'),
    ])
    .orderBy('c.name');
}

export function insertCooperation(db: Q, c: { slug: string; name: string; description: string }) {
  return db.insertInto('core_cooperations').values(c).returning('id').executeTakeFirstOrThrow();
}

export function updateCooperation(db: Q, id: string, patch: Partial<{ name: string; description: string }>) {
  return db.updateTable('core_cooperations').set({ ...patch, updated_at: sql`now()` }).where('id', '=', id).execute();
}

export async function setCooperationMembers(db: Q, cooperationId: string, tenantIds: string[]) {
  await db.deleteFrom('core_cooperation_members').where('cooperation_id', '=', cooperationId).execute();
  if (tenantIds.length) {
    await db.insertInto('core_cooperation_members').values(tenantIds.map((t) => ({ cooperation_id: cooperationId, tenant_id: t }))).execute();
  }
}

// ---- departments
const DEPT_COLS = ['d.id', 'd.slug', 'd.name', 'd.email', 'd.phone', 'd.is_public', 't.slug as tenant_slug'] as const;

export function listDepartments(db: Q, tenantId: string, includePrivate: boolean) {
  let q = db.selectFrom('core_departments as d').innerJoin('core_tenants as t', 't.id', 'd.tenant_id').select(DEPT_COLS).where('d.tenant_id', '=', tenantId);
  if (!includePrivate) q = q.where('d.is_public', '=', true);
  return q.orderBy('d.name').execute();
}

export function findDepartment(db: Q, tenantId: string, id: string) {
  return db
    .selectFrom('core_departments as d')
    .innerJoin('core_tenants as t', 't.id', 'd.tenant_id')
    .select(DEPT_COLS)
    .where('d.tenant_id', '=', tenantId)
    .where('d.id', '=', id)
    .executeTakeFirst();
}

export function insertDepartment(
  db: Q,
  d: { tenantId: string; slug: string; name: string; email: string | null; phone: string | null; isPublic: boolean },
) {
  return db
    .insertInto('core_departments')
    .values({ tenant_id: d.tenantId, slug: d.slug, name: d.name, email: d.email, phone: d.phone, is_public: d.isPublic })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export function updateDepartment(db: Q, id: string, patch: Partial<{ name: string; email: string | null; phone: string | null; is_public: boolean }>) {
  return db.updateTable('core_departments').set({ ...patch, updated_at: sql`now()` }).where('id', '=', id).execute();
}
