// SQL of the catalogue: datasets, resources, organisations, history.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../server/db/types.ts';
import type { DatasetInput, ResourceInput } from './ckan/package-input.ts';

type Q = Kysely<Database>;

export function datasetQuery(db: Q) {
  return db
    .selectFrom('catalog_datasets as d')
    .innerJoin('catalog_organizations as o', 'o.id', 'd.organization_id')
    .innerJoin('core_tenants as t', 't.id', 'd.tenant_id')
    .selectAll('d')
    .select(['o.name as org_name', 'o.title as org_title', 'o.description as org_description', 'o.created_at as org_created',
      't.slug as tenant_slug', 't.name as tenant_name', 't.ags as tenant_ags', 't.ars as tenant_ars', 't.type as tenant_type', 't.website as tenant_website']);
}
export type DatasetRow = Awaited<ReturnType<ReturnType<typeof datasetQuery>['executeTakeFirstOrThrow']>>;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function findDataset(db: Q, idOrName: string) {
  return datasetQuery(db)
    .where(UUID_RE.test(idOrName) ? 'd.id' : 'd.name', '=', idOrName)
    .executeTakeFirst();
}

export function resourcesOf(db: Q, datasetIds: string[]) {
  if (datasetIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('catalog_resources').selectAll().where('dataset_id', 'in', datasetIds).orderBy('dataset_id').orderBy('position').execute();
}
export type ResourceRow = Awaited<ReturnType<typeof resourcesOf>>[number];

export function findResource(db: Q, id: string) {
  return db.selectFrom('catalog_resources').selectAll().where('id', '=', id).executeTakeFirst();
}

function datasetColumns(i: DatasetInput) {
  return {
    name: i.name, title: i.title, notes: i.notes, private: i.private, state: i.state, license_id: i.license_id, url: i.url,
    version: i.version, author: i.author, author_email: i.author_email, maintainer: i.maintainer, maintainer_email: i.maintainer_email,
    tags: i.tags, themes: i.themes, frequency: i.frequency, temporal_start: i.temporal_start, temporal_end: i.temporal_end,
    issued: i.issued, modified: i.modified, hvd_category: i.hvd_category, extras: JSON.stringify(i.extras),
  };
}

export function insertDataset(db: Q, i: DatasetInput, ids: { tenantId: string; organizationId: string; userId: string | null }) {
  return db
    .insertInto('catalog_datasets')
    .values({ ...datasetColumns(i), tenant_id: ids.tenantId, organization_id: ids.organizationId, creator_user_id: ids.userId })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export function updateDataset(db: Q, id: string, i: DatasetInput, organizationId: string) {
  return db
    .updateTable('catalog_datasets')
    .set({ ...datasetColumns(i), organization_id: organizationId, metadata_modified: sql`now()` })
    .where('id', '=', id)
    .execute();
}

export function updateExtras(db: Q, id: string, extras: Record<string, string>) {
  return db.updateTable('catalog_datasets').set({ extras: JSON.stringify(extras) }).where('id', '=', id).execute();
}

export function setDatasetState(db: Q, id: string, state: 'deleted' | 'active') {
  return db.updateTable('catalog_datasets').set({ state, metadata_modified: sql`now()` }).where('id', '=', id).execute();
}

export function touchDataset(db: Q, id: string) {
  return db.updateTable('catalog_datasets').set({ metadata_modified: sql`now()` }).where('id', '=', id).execute();
}

/** Replaces the resource list; resources keep their id when the caller sends it back. */
export async function replaceResources(db: Q, datasetId: string, tenantId: string, list: ResourceInput[]) {
  const keep = list.map((r) => r.id).filter((x): x is string => !!x && UUID_RE.test(x));
  let del = db.deleteFrom('catalog_resources').where('dataset_id', '=', datasetId);
  if (keep.length) del = del.where('id', 'not in', keep);
  await del.execute();
  for (const [position, r] of list.entries()) await upsertResource(db, datasetId, tenantId, position, r);
}

export async function upsertResource(db: Q, datasetId: string, tenantId: string, position: number, r: ResourceInput) {
  const values = {
    name: r.name, description: r.description, url: r.url, format: r.format, mimetype: r.mimetype, size: r.size, hash: r.hash,
    license_id: r.license_id, url_type: r.url_type, last_modified: r.last_modified, position,
  };
  if (r.id && UUID_RE.test(r.id)) {
    const u = await db.updateTable('catalog_resources').set(values).where('id', '=', r.id).where('dataset_id', '=', datasetId).executeTakeFirst();
    if (Number(u.numUpdatedRows) > 0) return r.id;
  }
  const row = await db.insertInto('catalog_resources').values({ ...values, dataset_id: datasetId, tenant_id: tenantId }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export function deleteResource(db: Q, id: string) {
  return db.deleteFrom('catalog_resources').where('id', '=', id).execute();
}

export function resourceCount(db: Q, datasetId: string) {
  return db.selectFrom('catalog_resources').select(sql<number>`count(*)::int`.as('n')).where('dataset_id', '=', datasetId).executeTakeFirstOrThrow();
}

export function insertHistory(db: Q, h: { datasetId: string; tenantId: string; actor: string; action: string; before: unknown; after: unknown }) {
  return db
    .insertInto('catalog_dataset_history')
    .values({ dataset_id: h.datasetId, tenant_id: h.tenantId, actor: h.actor, action: h.action, before: h.before === null ? null : JSON.stringify(h.before), after: h.after === null ? null : JSON.stringify(h.after) })
    .execute();
}

export function historyOf(db: Q, datasetId: string) {
  return db.selectFrom('catalog_dataset_history').selectAll().where('dataset_id', '=', datasetId).orderBy('at', 'desc').orderBy('id', 'desc').execute();
}

/** Names of the datasets everyone may see. */
export function publicNames(db: Q, limit: number, offset: number) {
  return db.selectFrom('catalog_datasets').select('name').where('state', '=', 'active').where('private', '=', false).orderBy('name').limit(limit).offset(offset).execute();
}

// ---- organisations
export function organizationQuery(db: Q) {
  return db
    .selectFrom('catalog_organizations as o')
    .innerJoin('core_tenants as t', 't.id', 'o.tenant_id')
    .selectAll('o')
    .select(['t.slug as tenant_slug', sql<number>`(SELECT count(*)::int FROM catalog_datasets d WHERE d.organization_id = o.id AND d.state = 'active' AND NOT d.private)`.as('package_count')])
    .where('o.state', '=', 'active');
}

export function findOrganization(db: Q, idOrName: string) {
  return organizationQuery(db).where(UUID_RE.test(idOrName) ? 'o.id' : 'o.name', '=', idOrName).executeTakeFirst();
}

export function insertOrganization(db: Q, o: { tenantId: string; name: string; title: string; description: string }) {
  return db.insertInto('catalog_organizations').values({ tenant_id: o.tenantId, name: o.name, title: o.title, description: o.description }).returning('id').executeTakeFirstOrThrow();
}

export function updateOrganization(db: Q, id: string, p: { title?: string; description?: string }) {
  return db.updateTable('catalog_organizations').set({ ...p, updated_at: sql`now()` }).where('id', '=', id).execute();
}

/** Tag names over the public datasets, optionally filtered by a prefix (tag_list?query=). */
export async function tagNames(db: Q, query: string | undefined, limit: number) {
  const r = await sql<{ tag: string }>`
    SELECT DISTINCT tag FROM catalog_datasets d, unnest(d.tags) AS tag
     WHERE d.state = 'active' AND NOT d.private ${query ? sql`AND tag ILIKE ${query.replace(/[%_\\]/g, '\\$&') + '%'}` : sql``}
     ORDER BY tag LIMIT ${limit}`.execute(db);
  return r.rows.map((x) => x.tag);
}

export async function themeCounts(db: Q) {
  const r = await sql<{ theme: string; n: number }>`
    SELECT theme, count(*)::int AS n FROM catalog_datasets d, unnest(d.themes) AS theme
     WHERE d.state = 'active' AND NOT d.private GROUP BY theme`.execute(db);
  return new Map(r.rows.map((x) => [x.theme, x.n]));
}

/** package_autocomplete: public datasets whose name or title starts with (or title contains) q. */
export function autocomplete(db: Q, q: string, limit: number) {
  const like = q.replace(/[%_\\]/g, '\\$&');
  return db
    .selectFrom('catalog_datasets')
    .select(['name', 'title'])
    .where('state', '=', 'active')
    .where('private', '=', false)
    .where((eb) => eb.or([eb('name', 'ilike', `${like}%`), eb('title', 'ilike', `%${like}%`)]))
    .orderBy(sql`title ILIKE ${like + '%'}`, 'desc')
    .orderBy('title')
    .limit(limit)
    .execute();
}

export async function organizationTitles(db: Q, names: string[]): Promise<Map<string, string>> {
  if (names.length === 0) return new Map();
  const rows = await db.selectFrom('catalog_organizations').select(['name', 'title']).where('name', 'in', names).execute();
  return new Map(rows.map((r) => [r.name, r.title]));
}

const RESOURCE_SEARCH_FIELDS = ['name', 'description', 'format', 'url', 'mimetype', 'hash'] as const;
export type ResourceSearchField = (typeof RESOURCE_SEARCH_FIELDS)[number];
export const isResourceSearchField = (f: string): f is ResourceSearchField => (RESOURCE_SEARCH_FIELDS as readonly string[]).includes(f);

/** resource_search: every term must match (case-insensitive substring), over public datasets. */
export async function searchResources(db: Q, terms: [ResourceSearchField, string][], orderBy: ResourceSearchField | 'position', limit: number, offset: number) {
  let q = db
    .selectFrom('catalog_resources as r')
    .innerJoin('catalog_datasets as d', 'd.id', 'r.dataset_id')
    .where('d.state', '=', 'active')
    .where('d.private', '=', false);
  for (const [field, term] of terms) q = q.where(sql.ref(`r.${field}`), 'ilike', `%${term.replace(/[%_\\]/g, '\\$&')}%`);
  const [rows, count] = await Promise.all([
    q.selectAll('r').orderBy(sql.ref(`r.${orderBy}`)).orderBy('r.id').limit(limit).offset(offset).execute(),
    q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, count: count.n };
}
