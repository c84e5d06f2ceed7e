// Metrics for the staff of a municipality (public figures come with the open-data export and its
// small-cell protection): one service in depth, and the overview of all its services.
import type { Ctx } from '../../../server/http/context.ts';
import { requireTenantRole, tenantRef } from '../../core/index.ts';
import * as f from './figures.ts';
import { previousRange, rangeOf, type Range } from './periods.ts';
import * as repo from './repo.ts';

export type MetricsQuery = { from?: string; to?: string; online_service?: string; form_version?: string };

/** The municipality in the path, for its staff (viewer and up). */
export async function staffTenant(ctx: Ctx, slug: string) {
  const tenant = await tenantRef(ctx, slug);
  requireTenantRole(ctx, tenant.id, 'viewer', 'read');
  return tenant;
}

export async function serviceMetrics(ctx: Ctx, slug: string, serviceKey: string, q: MetricsQuery) {
  const tenant = await staffTenant(ctx, slug);
  const range = rangeOf(q);
  const [rows, offline, names] = await Promise.all([
    repo.sums(ctx.db, { tenantIds: [tenant.id], serviceKey, onlineService: q.online_service, formVersion: q.form_version, range, grain: 'month' }),
    repo.offlineSums(ctx.db, [tenant.id], range, serviceKey),
    repo.serviceNames(ctx.db, tenant.id),
  ]);
  const versions = [...new Set(rows.map((r) => r.form_version))].sort();
  const head = f.headline(rows);
  const r = f.ratings(rows);
  return {
    tenant: tenant.slug, service_key: serviceKey, name: names.find((n) => n.service_key === serviceKey)?.name ?? null, period: range,
    views: head.views, starts: head.starts, submissions: head.submissions, conversion: head.conversion,
    offline: offline[0]?.count ?? null, digital_share: f.digitalShare(head.submissions, offline[0]?.count),
    funnel: f.funnel(rows),
    // The funnel of each form version on its own: a new version should lose fewer applicants.
    funnels_by_version: versions.map((v) => {
      const own = rows.filter((x) => x.form_version === v);
      const h = f.headline(own);
      return { form_version: v, starts: h.starts, submissions: h.submissions, conversion: h.conversion, funnel: f.funnel(own) };
    }),
    auth: f.methods(rows, 'auth'), payment: f.methods(rows, 'payment'), errors: f.errors(rows), durations: f.durations(rows),
    ratings: r.ratings, rating_mean: r.rating_mean,
  };
}

const OVERVIEW_METRICS = ['view', 'start', 'submitted', 'rating', 'error'];

async function overviewFigures(ctx: Ctx, tenantId: string, range: Range) {
  const [rows, offline] = await Promise.all([
    repo.sumsByService(ctx.db, { tenantIds: [tenantId], metrics: OVERVIEW_METRICS, range, grain: 'month' }),
    repo.offlineSums(ctx.db, [tenantId], range),
  ]);
  const by = new Map<string, f.Sum[]>();
  for (const r of rows) (by.get(r.service_key) ?? by.set(r.service_key, []).get(r.service_key)!).push(r);
  const off = new Map(offline.map((o) => [o.service_key, o.count]));
  for (const key of off.keys()) if (!by.has(key)) by.set(key, []);
  return new Map([...by].map(([key, rs]) => {
    const h = f.headline(rs);
    return [key, { ...h, offline: off.get(key) ?? null, digital_share: f.digitalShare(h.submissions, off.get(key)) }];
  }));
}

/** All services of a municipality with their headline figures, and the change against the
 *  period just before (same length). */
export async function overview(ctx: Ctx, slug: string, q: { from?: string; to?: string }) {
  const tenant = await staffTenant(ctx, slug);
  const range = rangeOf(q);
  const previous = previousRange(range);
  const [now, before, names] = await Promise.all([overviewFigures(ctx, tenant.id, range), overviewFigures(ctx, tenant.id, previous), repo.serviceNames(ctx.db, tenant.id)]);
  const name = new Map(names.map((n) => [n.service_key, n.name]));
  const items = [...now].map(([service_key, x]) => {
    const p = before.get(service_key);
    return { service_key, name: name.get(service_key) ?? null, ...x, previous: p ? { submissions: p.submissions, conversion: p.conversion, rating_mean: p.rating_mean } : null };
  }).sort((a, b) => b.submissions - a.submissions || b.views - a.views || a.service_key.localeCompare(b.service_key));
  const sum = (k: 'views' | 'starts' | 'submissions') => items.reduce((n, i) => n + i[k], 0);
  return {
    tenant: tenant.slug, period: range, previous_period: previous,
    totals: { services: items.length, views: sum('views'), starts: sum('starts'), submissions: sum('submissions'), conversion: f.pct(sum('submissions'), sum('starts')) },
    items,
  };
}
