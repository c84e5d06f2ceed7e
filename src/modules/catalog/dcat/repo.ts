// SQL of the DCAT-AP.de export: pages of public datasets of the platform, one organisation or
// one cooperation, newest change first (the order ckanext-dcat uses, so harvesters that stop at
// the first unchanged page keep working).
import { sql, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../../../server/db/types.ts';
import { datasetQuery } from '../repo.ts';

type Q = Kysely<Database>;
export type Scope = { kind: 'platform' } | { kind: 'organization'; organizationId: string } | { kind: 'cooperation'; cooperationId: string };

// Datasets whose every distribution carries a licence (its own or the dataset's): the only
// ones that can conform to DCAT-AP.de (Konvention 31). The others are left out and listed
// in the quality hints of their publisher. graph.ts `exportable` is the same rule for one dataset
// already loaded (its visibility checked apart).
const EXPORTABLE = sql<SqlBool>`(d.license_id IS NOT NULL OR NOT EXISTS (
  SELECT 1 FROM catalog_resources r WHERE r.dataset_id = d.id AND r.license_id IS NULL))`;

function scoped(db: Q, scope: Scope, modifiedSince: Date | undefined) {
  let q = datasetQuery(db).where('d.state', '=', 'active').where('d.private', '=', false).where(EXPORTABLE);
  if (scope.kind === 'organization') q = q.where('d.organization_id', '=', scope.organizationId);
  if (scope.kind === 'cooperation') {
    q = q.where('d.tenant_id', 'in', db.selectFrom('core_cooperation_members').select('tenant_id').where('cooperation_id', '=', scope.cooperationId));
  }
  if (modifiedSince) q = q.where('d.metadata_modified', '>=', modifiedSince);
  return q;
}

export async function page(db: Q, scope: Scope, o: { modifiedSince?: Date; limit: number; offset: number }) {
  const base = scoped(db, scope, o.modifiedSince);
  const [rows, count] = await Promise.all([
    base.orderBy('d.metadata_modified', 'desc').orderBy('d.id').limit(o.limit).offset(o.offset).execute(),
    base.clearSelect().select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export function organizationByName(db: Q, name: string) {
  return db.selectFrom('catalog_organizations as o').innerJoin('core_tenants as t', 't.id', 'o.tenant_id')
    .select(['o.id', 'o.name', 'o.title', 'o.description', 't.website']).where('o.name', '=', name).where('o.state', '=', 'active').executeTakeFirst();
}

export function cooperationBySlug(db: Q, slug: string) {
  return db.selectFrom('core_cooperations').select(['id', 'slug', 'name', 'description']).where('slug', '=', slug).executeTakeFirst();
}
