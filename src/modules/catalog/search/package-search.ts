// CKAN's package_search over PostgreSQL: q and fq in the Solr subset clients and harvesters
// send, German full text with ranking, sort, paging and facets over the same filtered set.
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Ctx } from '../../../server/http/context.ts';
import { isUser } from '../../../server/http/context.ts';
import * as repo from '../repo.ts';
import { presentPackage } from '../ckan/package-dict.ts';
import { CkanValidation } from '../ckan/errors.ts';
import { int, text, type Params } from '../ckan/params.ts';
import { THEMES, licence } from '../vocab.ts';
import { parseSolr, toSql, type Clause } from './solr-query.ts';
import { extrasField, FIELDS, RANGES, textMatch, type EB } from './fields.ts';
import { cachedFacets } from './facet-cache.ts';
import { countedFacets } from './facet-counts.ts';

export type SearchParams = Params;
type FilteredQuery = ReturnType<typeof filteredFrom>;

function filteredFrom(ctx: Ctx) {
  return ctx.db
    .selectFrom('catalog_datasets as d')
    .innerJoin('catalog_organizations as o', 'o.id', 'd.organization_id')
    .innerJoin('core_tenants as t', 't.id', 'd.tenant_id');
}

// Each facet aggregates one column of the filtered set f (see facetCounts); res_format reads
// the dataset's distinct resource formats, kept up to date by triggers.
const FACETS: Record<string, string> = {
  organization: 'SELECT organization AS v, count(*) AS n FROM f WHERE organization IS NOT NULL',
  tenant: 'SELECT tenant AS v, count(*) AS n FROM f WHERE tenant IS NOT NULL',
  license_id: 'SELECT license_id AS v, count(*) AS n FROM f WHERE license_id IS NOT NULL',
  hvd_category: 'SELECT hvd_category AS v, count(*) AS n FROM f WHERE hvd_category IS NOT NULL',
  frequency: 'SELECT frequency AS v, count(*) AS n FROM f WHERE frequency IS NOT NULL',
  groups: 'SELECT x AS v, count(*) AS n FROM f, unnest(f.themes) x',
  tags: 'SELECT x AS v, count(*) AS n FROM f, unnest(f.tags) x',
  res_format: 'SELECT x AS v, count(*) AS n FROM f, unnest(f.formats) x',
};
const SORTS: Record<string, string> = {
  metadata_modified: 'd.metadata_modified', metadata_created: 'd.metadata_created', name: 'd.name', title_string: 'lower(d.title)',
  title: 'lower(d.title)', id: 'd.id',
};

/** facet.field arrives as a JSON string ('["tags"]'), a list, or a single name. */
function facetFields(v: unknown): string[] {
  if (v === undefined || v === '') return [];
  let list: unknown = v;
  if (typeof v === 'string') {
    try {
      list = v.trim().startsWith('[') ? JSON.parse(v) : [v];
    } catch {
      throw new CkanValidation({ 'facet.field': ['Must be a JSON list of field names'] });
    }
  }
  if (!Array.isArray(list) || !list.every((x) => typeof x === 'string')) throw new CkanValidation({ 'facet.field': ['Must be a list of field names'] });
  const unknown = list.filter((f) => !(f in FACETS));
  if (unknown.length) throw new CkanValidation({ 'facet.field': [`Unknown facet field: ${unknown.join(', ')}`] });
  return [...new Set(list as string[])];
}

function fieldsOf(c: Clause, out = new Set<string>()): Set<string> {
  if (c.kind === 'term' && c.field) out.add(c.field);
  if (c.kind === 'and' || c.kind === 'or') c.items.forEach((i) => fieldsOf(i, out));
  if (c.kind === 'not') fieldsOf(c.item, out);
  return out;
}

function freeWords(c: Clause, out: string[] = []): string[] {
  if (c.kind === 'term' && (c.field === null || c.field === 'text')) out.push(c.value);
  if (c.kind === 'and' || c.kind === 'or') c.items.forEach((i) => freeWords(i, out));
  return out;
}

function clauseSql(query: string, eb: EB): Expression<SqlBool> {
  const clause = parseSolr(query);
  const fields = { ...FIELDS };
  for (const f of fieldsOf(clause)) {
    const extra = extrasField(f);
    if (extra) fields[f] = extra;
  }
  return toSql(clause, eb, { fields, ranges: RANGES, text: textMatch });
}

function sortSql(sort: string, rankWords: string) {
  return sort.split(',').map((part) => {
    const [field, dir = 'asc'] = part.trim().split(/\s+/);
    if (!/^(asc|desc)$/i.test(dir) || !field || (field !== 'score' && !(field in SORTS))) {
      throw new CkanValidation({ sort: [`Cannot sort by: ${part.trim()}`] });
    }
    const expr = field === 'score'
      ? (rankWords ? sql`ts_rank(d.search, plainto_tsquery('german', ${rankWords}))` : sql`1`)
      : sql.raw(SORTS[field]!);
    return sql`${expr} ${sql.raw(dir.toLowerCase() === 'desc' ? 'DESC' : 'ASC')}`;
  });
}

export async function packageSearch(ctx: Ctx, p: SearchParams) {
  const q = text(p.q) ?? '';
  const fqs = [text(p.fq) ?? '', ...(Array.isArray(p.fq_list) ? p.fq_list.filter((x): x is string => typeof x === 'string') : [])].filter((x) => x.trim());
  const rows = int(p, 'rows', 10, 0, 1000);
  const start = int(p, 'start', 0, 0, 10_000_000);
  const sort = text(p.sort) || (q.trim() && q.trim() !== '*:*' ? 'score desc, metadata_modified desc' : 'metadata_modified desc');
  const includePrivate = p.include_private === true || text(p.include_private)?.toLowerCase() === 'true';
  const includeDrafts = p.include_drafts === true || text(p.include_drafts)?.toLowerCase() === 'true';
  const facetList = facetFields(p['facet.field']);
  const facetLimit = int(p, 'facet.limit', 50, -1, 1000);
  const facetMin = int(p, 'facet.mincount', 1, 0, 1_000_000);
  const user = isUser(ctx.actor) ? ctx.actor : undefined;
  const memberOf = user && !user.isPlatformAdmin ? [...user.roles.keys()] : [];

  const base = (): FilteredQuery => {
    let b = filteredFrom(ctx).where((eb) => {
        // Public active datasets for all; with include_private/drafts also the caller's tenants' ones.
        const mine = user?.isPlatformAdmin ? sql<SqlBool>`true` : memberOf.length ? eb('d.tenant_id', 'in', memberOf) : sql<SqlBool>`false`;
        const visible = includePrivate && user ? eb.or([eb('d.private', '=', false), mine]) : eb('d.private', '=', false);
        const draftOk = includeDrafts && user ? eb.or([eb('d.state', '=', 'active'), eb.and([eb('d.state', '=', 'draft'), mine])]) : eb('d.state', '=', 'active');
        return eb.and([visible, draftOk]);
      });
    if (q.trim()) b = b.where((eb) => clauseSql(q, eb));
    for (const fq of fqs) b = b.where((eb) => clauseSql(fq, eb));
    return b;
  };

  const rankWords = q.trim() ? freeWords(parseSolr(q)).join(' ') : '';
  const personal = (includePrivate || includeDrafts) && !!user;
  // The whole public catalogue (the portal's start page, harvesters' first call): count and
  // facets come from the trigger-maintained counters instead of a scan of every dataset.
  const everything = !personal && fqs.length === 0 && (!q.trim() || q.trim() === '*:*');
  const counted = everything ? await countedFacets(ctx.db, facetList, facetLimit, facetMin) : undefined;
  const [countRow, idRows] = await Promise.all([
    counted ? { n: counted.total } : base().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
    rows === 0 ? Promise.resolve([]) : base().select('d.id').orderBy(sql.join([...sortSql(sort, rankWords), sql`d.id ASC`])).limit(rows).offset(start).execute(),
  ]);
  const ids = idRows.map((r) => r.id);
  const [datasets, resources, facetRows] = await Promise.all([
    ids.length ? repo.datasetQuery(ctx.db).where('d.id', 'in', ids).execute() : Promise.resolve([]),
    repo.resourcesOf(ctx.db, ids),
    // Other public searches share cached facet counts; searches that include private or draft
    // datasets depend on the caller and are always counted afresh.
    counted ? counted.facets
      : personal ? facetCounts(ctx, base, facetList, facetLimit, facetMin)
        : cachedFacets(ctx.db, ['facets', q, fqs, facetList, facetLimit, facetMin], () => facetCounts(ctx, base, facetList, facetLimit, facetMin)),
  ]);
  const byId = new Map(datasets.map((d) => [d.id, d]));
  const results = ids.map((id) => presentPackage(byId.get(id)!, resources.filter((r) => r.dataset_id === id)));
  const facets: Record<string, Record<string, number>> = {};
  const searchFacets: Record<string, { title: string; items: { name: string; display_name: string; count: number }[] }> = {};
  const orgTitles = await repo.organizationTitles(ctx.db, (facetRows.organization ?? []).map((r) => String(r.v)));
  for (const [f, list] of Object.entries(facetRows)) {
    facets[f] = Object.fromEntries(list.map((r) => [String(r.v), r.n]));
    searchFacets[f] = { title: f, items: list.map((r) => ({ name: String(r.v), display_name: f === 'organization' ? (orgTitles.get(String(r.v)) ?? String(r.v)) : displayName(f, String(r.v)), count: r.n })) };
  }
  return { count: countRow.n, sort, results, facets, search_facets: searchFacets };
}

/** All requested facets in one statement over one materialised scan of the filtered datasets. */
async function facetCounts(ctx: Ctx, base: () => FilteredQuery, fields: string[], limit: number, min: number) {
  if (fields.length === 0) return {} as Record<string, { v: string; n: number }[]>;
  const filtered = base().select(['d.id', 'o.name as organization', 't.slug as tenant', 'd.license_id', 'd.hvd_category', 'd.frequency', 'd.themes', 'd.tags', 'd.formats']);
  const columns = fields.map((f) => sql`(SELECT coalesce(json_agg(json_build_object('v', v, 'n', n) ORDER BY n DESC, v), '[]')
      FROM (${sql.raw(FACETS[f]!)} GROUP BY 1 HAVING count(*) >= ${min} ORDER BY 2 DESC, 1 LIMIT ${limit < 0 ? null : limit}) x) AS ${sql.ref(f)}`);
  const r = await sql<Record<string, { v: string; n: number }[]>>`WITH f AS MATERIALIZED (${filtered}) SELECT ${sql.join(columns)}`.execute(ctx.db);
  return r.rows[0]!;
}

function displayName(field: string, value: string): string {
  if (field === 'groups') return THEMES[value] ?? value;
  if (field === 'license_id') return licence(value)?.title ?? value;
  return value;
}
