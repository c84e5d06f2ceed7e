// SQL of the metadata quality: link check results, which resources are due for a check, and the
// public datasets of a publisher or tenant with everything the score needs.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../server/db/types.ts';
import { datasetQuery } from '../repo.ts';
import type { LinkCheckResult } from './link-check.ts';
import type { LinkCheck } from './link-text.ts';

type Q = Kysely<Database>;
export type DueResource = { id: string; url: string };

const CHECK_COLUMNS = ['resource_id', 'url', 'checked_at', 'ok', 'status', 'error', 'detail', 'content_type', 'content_length', 'final_url', 'failing_since'] as const;

/** Resources of live datasets whose URL was never checked, changed since, or was checked longer
 *  ago than `maxAgeHours`: new and changed URLs first, then the oldest checks. */
export function dueResources(db: Q, maxAgeHours: number, limit: number) {
  return db
    .selectFrom('catalog_resources as r')
    .innerJoin('catalog_datasets as d', 'd.id', 'r.dataset_id')
    .leftJoin('catalog_link_checks as c', 'c.resource_id', 'r.id')
    .select(['r.id', 'r.url'])
    .where('d.state', '<>', 'deleted')
    .where((eb) => eb.or([
      eb('c.resource_id', 'is', null),
      eb('c.url', '<>', eb.ref('r.url')),
      eb('c.checked_at', '<', sql<Date>`now() - make_interval(secs => ${maxAgeHours * 3600})`),
    ]))
    .orderBy(sql`c.resource_id IS NOT NULL AND c.url = r.url`)
    .orderBy('c.checked_at', sql`asc nulls first`)
    .orderBy('r.id')
    .limit(limit)
    .execute();
}

/** The given resources (or those of a dataset), whatever their last check. */
export function resourcesToCheck(db: Q, o: { resourceIds?: string[]; datasetId?: string }) {
  let q = db.selectFrom('catalog_resources').select(['id', 'url']);
  if (o.resourceIds) q = q.where('id', 'in', o.resourceIds.length ? o.resourceIds : ['00000000-0000-0000-0000-000000000000']);
  if (o.datasetId) q = q.where('dataset_id', '=', o.datasetId);
  return q.orderBy('id').execute();
}

/** Stores one check for every resource that still has the checked URL. A failure keeps the
 *  start of its failure streak, so checking again (a retried job) changes nothing but the time. */
export async function saveCheck(db: Q, resourceIds: string[], url: string, r: LinkCheckResult): Promise<number> {
  if (resourceIds.length === 0) return 0;
  const res = await sql`
    INSERT INTO catalog_link_checks AS c (resource_id, tenant_id, url, checked_at, ok, status, error, detail, method, final_url,
                                          redirects, content_type, content_length, duration_ms, failing_since)
    SELECT r.id, r.tenant_id, r.url, now(), ${r.ok}, ${r.status}, ${r.error}, ${r.detail}, ${r.method}, ${r.finalUrl},
           ${r.redirects}, ${r.contentType}, ${r.contentLength}, ${r.durationMs}, CASE WHEN ${r.ok} THEN NULL ELSE now() END
      FROM catalog_resources r
     WHERE r.id = ANY(${resourceIds}::uuid[]) AND r.url = ${url}
    ON CONFLICT (resource_id) DO UPDATE SET
      url = EXCLUDED.url, checked_at = EXCLUDED.checked_at, ok = EXCLUDED.ok, status = EXCLUDED.status, error = EXCLUDED.error,
      detail = EXCLUDED.detail, method = EXCLUDED.method, final_url = EXCLUDED.final_url, redirects = EXCLUDED.redirects,
      content_type = EXCLUDED.content_type, content_length = EXCLUDED.content_length, duration_ms = EXCLUDED.duration_ms,
      failing_since = CASE WHEN EXCLUDED.ok THEN NULL
                           WHEN NOT c.ok AND c.url = EXCLUDED.url THEN c.failing_since
                           ELSE EXCLUDED.failing_since END`.execute(db);
  return Number(res.numAffectedRows ?? 0);
}

export async function checksOf(db: Q, resourceIds: string[]): Promise<Map<string, LinkCheck>> {
  if (resourceIds.length === 0) return new Map();
  const rows = await db.selectFrom('catalog_link_checks').select(CHECK_COLUMNS).where('resource_id', 'in', resourceIds).execute();
  return new Map(rows.map((r) => [r.resource_id, r]));
}

export type Scope = { organizationId: string } | { tenantId: string };

const publicIn = (scope: Scope) => (qb: ReturnType<typeof datasetQuery>) => {
  const q = qb.where('d.state', '=', 'active').where('d.private', '=', false);
  return 'organizationId' in scope ? q.where('d.organization_id', '=', scope.organizationId) : q.where('d.tenant_id', '=', scope.tenantId);
};

/** Public datasets of an organisation or tenant, their resources and link checks. */
export async function publicDatasetsWithResources(db: Q, scope: Scope) {
  const datasets = await publicIn(scope)(datasetQuery(db)).orderBy('d.name').execute();
  const ids = datasets.map((d) => d.id);
  if (ids.length === 0) return { datasets, resources: [], checks: new Map<string, LinkCheck>() };
  // One query each by the datasets' ids (unnest keeps the statement small for thousands).
  const resources = await db
    .selectFrom('catalog_resources')
    .selectAll()
    .where('dataset_id', '=', sql<string>`ANY(${ids}::uuid[])`)
    .orderBy('dataset_id')
    .orderBy('position')
    .execute();
  const checkRows = await db
    .selectFrom('catalog_link_checks as c')
    .innerJoin('catalog_resources as r', 'r.id', 'c.resource_id')
    .select(CHECK_COLUMNS.map((c) => `c.${c}` as const))
    .where('r.dataset_id', '=', sql<string>`ANY(${ids}::uuid[])`)
    .execute();
  return { datasets, resources, checks: new Map(checkRows.map((r) => [r.resource_id, r as LinkCheck])) };
}

/** Organisations of a tenant (active), for the per-tenant view. */
export function organizationsOf(db: Q, tenantId: string) {
  return db.selectFrom('catalog_organizations').select(['id', 'name', 'title']).where('tenant_id', '=', tenantId).where('state', '=', 'active').orderBy('name').execute();
}
