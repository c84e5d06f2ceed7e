// SQL of the metadata quality: link check results, which resources are due for a check, and the
// public datasets of a publisher or tenant with everything the score needs.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../server/db/types.ts';
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
    .orderBy('c.checked_at', (ob) => ob.asc().nullsFirst())
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

/** Public datasets of an organisation or tenant with the columns the score reads (not the
 *  search vector), their resources and link checks. */
export async function publicDatasetsWithResources(db: Q, scope: Scope) {
  let q = db
    .selectFrom('catalog_datasets as d')
    .innerJoin('catalog_organizations as o', 'o.id', 'd.organization_id')
    .innerJoin('core_tenants as t', 't.id', 'd.tenant_id')
    .select(['d.id', 'd.name', 'd.title', 'd.notes', 'd.tags', 'd.themes', 'd.license_id', 'd.author', 'd.author_email', 'd.maintainer',
      'd.maintainer_email', 'd.temporal_start', 'd.temporal_end', 'd.issued', 'd.modified', 'd.extras', 'o.name as org_name', 'o.title as org_title',
      't.ags as tenant_ags'])
    .where('d.state', '=', 'active')
    .where('d.private', '=', false);
  q = 'organizationId' in scope ? q.where('d.organization_id', '=', scope.organizationId) : q.where('d.tenant_id', '=', scope.tenantId);
  const datasets = await q.orderBy('d.name').execute();
  const ids = datasets.map((d) => d.id);
  if (ids.length === 0) return { datasets, resources: [], checks: new Map<string, LinkCheck>() };
  // By the datasets' ids as one array parameter, however many there are.
  const resources = await db
    .selectFrom('catalog_resources')
    .select(['id', 'dataset_id', 'name', 'url', 'format', 'mimetype', 'size', 'license_id', 'url_type'])
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

/** Changes whenever a dataset of the scope changes (every write moves metadata_modified; resource
 *  writes touch their dataset) or a link check of it is stored or removed. */
export async function scopeFingerprint(db: Q, scope: Scope): Promise<string> {
  const datasets = 'organizationId' in scope ? sql`d.organization_id = ${scope.organizationId}` : sql`d.tenant_id = ${scope.tenantId}`;
  const checks = 'organizationId' in scope
    ? sql`c.resource_id IN (SELECT r.id FROM catalog_resources r JOIN catalog_datasets d ON d.id = r.dataset_id WHERE ${datasets})`
    : sql`c.tenant_id = ${scope.tenantId}`;
  const r = await sql<{ fp: string }>`
    SELECT (SELECT count(*) || '|' || coalesce(max(d.metadata_modified)::text, '') FROM catalog_datasets d WHERE ${datasets}) || '|' ||
           (SELECT count(*) || '|' || coalesce(max(c.checked_at)::text, '') FROM catalog_link_checks c WHERE ${checks}) AS fp`.execute(db);
  return r.rows[0]!.fp;
}

/** Organisations of a tenant (active), for the per-tenant view. */
export function organizationsOf(db: Q, tenantId: string) {
  return db.selectFrom('catalog_organizations').select(['id', 'name', 'title']).where('tenant_id', '=', tenantId).where('state', '=', 'active').orderBy('name').execute();
}
