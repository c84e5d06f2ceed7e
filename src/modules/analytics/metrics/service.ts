// Metrics of one online service of a municipality (staff only; public figures come with the
// open-data export and its small-cell protection): views, starts, submissions, conversion, the
// step funnel with abandonment, authentication and payment methods with their failure rates,
// errors, durations and ratings.
import type { Ctx } from '../../../server/http/context.ts';
import { BadRequest } from '../../../server/http/errors.ts';
import { requireTenantRole, tenantRef } from '../../core/index.ts';
import { DURATION_BUCKETS } from '../connector/vocabulary.ts';
import * as repo from './repo.ts';

export type MetricsQuery = { from?: string; to?: string; online_service?: string; form_version?: string };
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const pct = (a: number, b: number) => (b ? Math.round((1000 * a) / b) / 10 : null);

/** Method × outcome counters ("eid:success") → per method: counts, share of all, failure rate. */
function methods(rows: { dimension: string; count: number }[]) {
  const by = new Map<string, { success: number; failure: number; abort: number }>();
  for (const r of rows) {
    const [method, outcome] = r.dimension.split(':') as [string, 'success' | 'failure' | 'abort'];
    const m = by.get(method) ?? by.set(method, { success: 0, failure: 0, abort: 0 }).get(method)!;
    m[outcome] += r.count;
  }
  const total = [...by.values()].reduce((n, m) => n + m.success + m.failure + m.abort, 0);
  return [...by].map(([method, m]) => {
    const n = m.success + m.failure + m.abort;
    return { method, ...m, share: pct(n, total), failure_rate: pct(m.failure + m.abort, n) };
  }).sort((a, b) => b.success + b.failure + b.abort - (a.success + a.failure + a.abort));
}

export async function serviceMetrics(ctx: Ctx, slug: string, serviceKey: string, q: MetricsQuery) {
  const tenant = await tenantRef(ctx, slug);
  requireTenantRole(ctx, tenant.id, 'viewer', 'read');
  const to = q.to ?? new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });
  const from = q.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
  if (!DAY.test(from) || !DAY.test(to) || from > to) throw BadRequest('Zeitraum ungültig', [{ field: 'from', message: 'from und to als JJJJ-MM-TT, from nicht nach to' }]);
  const rows = await repo.serviceCounters(ctx.db, { tenantId: tenant.id, serviceKey, onlineService: q.online_service, formVersion: q.form_version, from, to });
  const of = (metric: string) => rows.filter((r) => r.metric === metric);
  const sum = (metric: string) => of(metric).reduce((n, r) => n + r.count, 0);
  const starts = sum('start');
  const submissions = sum('submitted');
  // Funnel: how many reached each step, and how many of those did not reach the next one.
  const steps = of('step').map((r) => ({ step: Number(r.dimension), reached: r.count })).sort((a, b) => a.step - b.step);
  const funnel = steps.map((s, i) => {
    const next = i + 1 < steps.length ? steps[i + 1]!.reached : submissions;
    return { ...s, abandoned: Math.max(0, s.reached - next), abandonment_rate: pct(Math.max(0, s.reached - next), s.reached) };
  });
  const ratings = [1, 2, 3, 4, 5].map((rating) => ({ rating, count: of('rating').find((r) => r.dimension === String(rating))?.count ?? 0 }));
  const rated = ratings.reduce((n, r) => n + r.count, 0);
  return {
    tenant: tenant.slug, service_key: serviceKey, period: { from, to },
    views: sum('view'), starts, submissions, conversion: pct(submissions, starts), funnel,
    auth: methods(of('auth')), payment: methods(of('payment')),
    errors: of('error').map((r) => ({ kind: r.dimension, count: r.count })).sort((a, b) => b.count - a.count),
    durations: DURATION_BUCKETS.map((bucket) => ({ bucket, count: of('duration').find((r) => r.dimension === bucket)?.count ?? 0 })),
    ratings, rating_mean: rated ? Math.round((100 * ratings.reduce((n, r) => n + r.rating * r.count, 0)) / rated) / 100 : null,
  };
}
