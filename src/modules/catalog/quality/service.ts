// Metadata quality use cases: the report of one dataset (visible to whoever may see the dataset,
// as package_show), and the score of a publisher or tenant over their public datasets.
import type { Ctx } from '../../../server/http/context.ts';
import { NotFound } from '../../../server/http/errors.ts';
import { tenantRef } from '../../core/index.ts';
import * as catalogRepo from '../repo.ts';
import { loadDataset } from '../service.ts';
import * as repo from './repo.ts';
import { DIMENSION_MAX, DIMENSIONS, MAX_POINTS, RATINGS, ratingOf, scoreDataset, type DimensionId, type QualityReport, type Rating } from './score.ts';
import type { LinkCheck } from './link-text.ts';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
const round1 = (x: number) => Math.round(x * 10) / 10;
function groupBy<T>(items: T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of items) {
    const k = key(x);
    const list = m.get(k);
    if (list) list.push(x);
    else m.set(k, [x]);
  }
  return m;
}

function presentCheck(c: LinkCheck | undefined, url: string) {
  if (!c || c.url !== url) return null;
  return {
    ok: c.ok, status: c.status, error: c.error, detail: c.detail, checkedAt: iso(c.checked_at)!, contentType: c.content_type,
    contentLength: c.content_length, finalUrl: c.final_url, failingSince: iso(c.failing_since),
  };
}

export async function datasetQuality(ctx: Ctx, idOrName: string) {
  const d = await loadDataset(ctx, idOrName);
  const resources = await catalogRepo.resourcesOf(ctx.db, [d.id]);
  const checks = await repo.checksOf(ctx.db, resources.map((r) => r.id));
  const report = scoreDataset(d, resources, checks);
  return {
    dataset: { id: d.id, name: d.name, title: d.title, organization: d.org_name, private: d.private, state: d.state },
    ...report,
    resources: resources.map((r) => ({ id: r.id, name: r.name, url: r.url, format: r.format, linkCheck: presentCheck(checks.get(r.id), r.url) })),
  };
}

type Scored = { name: string; title: string; organization: string; report: QualityReport; rescore: () => QualityReport };

/** Mean points, per-dimension means and the count per rating over scored datasets. */
function aggregate(items: Scored[]) {
  const counts: Record<Rating, number> = { excellent: 0, good: 0, sufficient: 0, bad: 0 };
  const dims = new Map<DimensionId, number>();
  let total = 0;
  for (const { report } of items) {
    counts[report.rating]++;
    total += report.points;
    for (const dim of report.dimensions) dims.set(dim.id, (dims.get(dim.id) ?? 0) + dim.points);
  }
  const n = items.length;
  const mean = n ? round1(total / n) : null;
  const rating = mean === null ? null : ratingOf(mean);
  return {
    datasetCount: n, points: mean, maxPoints: MAX_POINTS, rating, ratingLabel: rating ? RATINGS[rating] : null, ratings: counts,
    dimensions: (Object.keys(DIMENSIONS) as DimensionId[]).map((id) => ({
      id, label: DIMENSIONS[id], points: n ? round1((dims.get(id) ?? 0) / n) : null,
      maxPoints: DIMENSION_MAX[id],
    })),
  };
}

/** Scores of a scope's public datasets, per app instance, valid while the scope's fingerprint
 *  is unchanged: a publisher page hit again costs two small queries instead of a full scoring. */
const CACHE_MAX = 20;
const cache = new Map<string, { fingerprint: string; items: Scored[] }>();

/** Points of every public dataset in scope; hints are worked out later for the few shown. */
async function scorePublic(ctx: Ctx, scope: repo.Scope): Promise<Scored[]> {
  const key = 'organizationId' in scope ? `o:${scope.organizationId}` : `t:${scope.tenantId}`;
  const fingerprint = await repo.scopeFingerprint(ctx.db, scope);
  const hit = cache.get(key);
  if (hit?.fingerprint === fingerprint) return hit.items;
  const { datasets, resources, checks } = await repo.publicDatasetsWithResources(ctx.db, scope);
  const byDataset = groupBy(resources, (r) => r.dataset_id);
  const items = datasets.map((d) => {
    const rs = byDataset.get(d.id) ?? [];
    return { name: d.name, title: d.title, organization: d.org_name, report: scoreDataset(d, rs, checks, { hints: false }), rescore: () => scoreDataset(d, rs, checks) };
  });
  cache.delete(key);
  cache.set(key, { fingerprint, items });
  if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value!);
  return items;
}

/** The lowest scores first, each with its most valuable hints. */
function worst(items: Scored[], limit: number) {
  return [...items]
    .sort((a, b) => a.report.points - b.report.points || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map((x) => ({
      name: x.name, title: x.title, organization: x.organization, points: x.report.points, rating: x.report.rating,
      ratingLabel: x.report.ratingLabel, hints: x.rescore().hints.slice(0, 3).map((h) => h.text),
    }));
}

/** Publisher score over the organisation's public datasets (the same for every caller). */
export async function organizationQuality(ctx: Ctx, name: string, limit: number) {
  const o = await catalogRepo.findOrganization(ctx.db, name);
  if (!o) throw NotFound(`Organisation "${name}"`);
  const items = await scorePublic(ctx, { organizationId: o.id });
  return { organization: { id: o.id, name: o.name, title: o.title, tenant: o.tenant_slug }, ...aggregate(items), worst: worst(items, limit) };
}

/** Tenant score over all its organisations' public datasets, with each organisation's score. */
export async function tenantQuality(ctx: Ctx, slug: string, limit: number) {
  const t = await tenantRef(ctx, slug);
  const [items, orgs] = await Promise.all([scorePublic(ctx, { tenantId: t.id }), repo.organizationsOf(ctx.db, t.id)]);
  const byOrg = groupBy(items, (x) => x.organization);
  return {
    tenant: { slug: t.slug, name: t.name },
    ...aggregate(items),
    organizations: orgs.map((o) => {
      const a = aggregate(byOrg.get(o.name) ?? []);
      return { name: o.name, title: o.title, datasetCount: a.datasetCount, points: a.points, rating: a.rating, ratingLabel: a.ratingLabel, ratings: a.ratings };
    }),
    worst: worst(items, limit),
  };
}
