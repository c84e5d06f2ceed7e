// Time series of one metric: per day, ISO week, month or year, optionally split by service, form
// version, online service or dimension (e.g. auth method:outcome). Count metrics fill empty periods
// with 0; ratios (conversion, rating mean, digital share) are null where nothing was counted.
// Saved views run through here too, so a view is just a stored SeriesQuery.
import { z } from 'zod';
import type { Db } from '../../../server/db/connect.ts';
import { BadRequest } from '../../../server/http/errors.ts';
import * as f from './figures.ts';
import { periodOf, periodsIn, rangeOf, type Interval } from './periods.ts';
import * as repo from './repo.ts';

// The counter metrics the connector writes, with their channel/device variants, and the ratios.
const BASE = ['view', 'start', 'step', 'auth', 'payment', 'submitted', 'error', 'duration', 'rating'] as const;
export const COUNT_METRICS = BASE.flatMap((m) => [m, `${m}.channel`, `${m}.device`]);
export const RATIO_METRICS = ['conversion', 'rating_mean', 'digital_share'] as const;
export const SERIES_METRICS: [string, ...string[]] = [COUNT_METRICS[0]!, ...COUNT_METRICS.slice(1), ...RATIO_METRICS];

export const SeriesQuery = z.object({
  metric: z.enum(SERIES_METRICS, { message: `Kennzahl: ${SERIES_METRICS.join(', ')}` }),
  interval: z.enum(['day', 'week', 'month', 'year'], { message: 'Intervall: day, week, month oder year' }).default('month'),
  from: z.string().max(10).optional(),
  to: z.string().max(10).optional(),
  service_key: z.string().min(1).max(64).optional(),
  online_service: z.string().max(100).optional(),
  form_version: z.string().max(40).optional(),
  dimension: z.string().max(100).optional(),
  by: z.enum(['service', 'form_version', 'online_service', 'dimension'], { message: 'Aufteilung: service, form_version, online_service oder dimension' }).optional(),
});
export type SeriesQueryT = z.input<typeof SeriesQuery>;

const MAX_PERIODS = 1200;
const MAX_SERIES = 50;

export async function runSeries(db: Db, tenantId: string, input: SeriesQueryT) {
  const q = SeriesQuery.parse(input);
  const interval = q.interval as Interval;
  const range = rangeOf(q, interval === 'day' || interval === 'week' ? 30 : 365);
  const periods = periodsIn(range, interval);
  if (periods.length > MAX_PERIODS) throw BadRequest('Zu viele Zeitpunkte', [{ field: 'interval', message: `höchstens ${MAX_PERIODS} Zeitpunkte; größeres Intervall wählen` }]);
  const ratio = (RATIO_METRICS as readonly string[]).includes(q.metric);
  if (q.metric === 'digital_share' && (interval === 'day' || interval === 'week' || q.by)) {
    throw BadRequest('Digitalquote nur je Monat oder Jahr', [{ field: 'interval', message: 'Offline-Zahlen gibt es je Monat: month oder year, ohne Aufteilung' }]);
  }
  const metrics = q.metric === 'conversion' ? ['start', 'submitted'] : q.metric === 'rating_mean' ? ['rating'] : q.metric === 'digital_share' ? ['submitted'] : [q.metric];
  const rows = await repo.seriesSums(db, {
    tenantIds: [tenantId], serviceKey: q.service_key, metrics, onlineService: q.online_service, formVersion: q.form_version, dimension: q.dimension,
    range, grain: interval === 'day' || interval === 'week' ? 'day' : 'month',
  }, interval, q.by);
  // Collect per (series, period) the sums it needs.
  const cells = new Map<string, Map<string, f.Sum[]>>();
  for (const r of rows) {
    const s = cells.get(r.series) ?? cells.set(r.series, new Map()).get(r.series)!;
    const p = periodOf(r.at, interval);
    (s.get(p) ?? s.set(p, []).get(p)!).push(r);
  }
  if (cells.size > MAX_SERIES) throw BadRequest('Zu viele Reihen', [{ field: 'by', message: `höchstens ${MAX_SERIES} Reihen; Filter setzen` }]);
  const offline = q.metric === 'digital_share' ? await repo.offlineByMonth(db, [tenantId], range, q.service_key) : [];
  const offlineBy = new Map<string, number>();
  for (const o of offline) offlineBy.set(periodOf(o.at, interval), (offlineBy.get(periodOf(o.at, interval)) ?? 0) + o.count);
  if (q.metric === 'digital_share' && !cells.size && offline.length) cells.set('', new Map());
  const series = cells.size ? [...cells.keys()].sort() : [''];
  const valueOf = (sums: f.Sum[], period: string): number | null => {
    if (q.metric === 'conversion') return f.pct(f.total(sums, 'submitted'), f.total(sums, 'start'));
    if (q.metric === 'rating_mean') return f.ratings(sums).rating_mean;
    if (q.metric === 'digital_share') return f.digitalShare(f.total(sums, 'submitted'), offlineBy.get(period));
    return sums.reduce((n, r) => n + r.count, 0);
  };
  const points = series.flatMap((s) => periods.map((period) => ({ period, series: s, value: valueOf(cells.get(s)?.get(period) ?? [], period) })));
  return { metric: q.metric, interval, period: range, by: q.by ?? null, kind: ratio ? 'ratio' : 'count', series, points };
}
