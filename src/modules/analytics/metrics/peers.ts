// Comparison with peers: the same service in the other municipalities of a cooperation, or in all
// municipalities (districts) of the same size class, normalised per 1,000 inhabitants, against the
// group median, over completed months. The municipality asking sees its own counters; the others'
// figures are the published (protected) monthly cells of the open data, so that nothing here can
// be combined with the open data to recover a cell it hides: a figure is shown only when every
// month of it is published, and free day ranges (whose differences would expose single days)
// are not offered. Offline counts are not in the open data; each month of theirs must itself be
// 0 or at least the minimum.
import type { Ctx } from '../../../server/http/context.ts';
import { BadRequest } from '../../../server/http/errors.ts';
import { MAX_MONTHS } from '../opendata/store.ts';
import { ensureProtected } from '../opendata/store.ts';
import * as openRepo from '../opendata/repo.ts';
import * as f from './figures.ts';
import { lastCompleteMonth, monthIndex, monthOf, monthRange } from './periods.ts';
import * as repo from './repo.ts';
import { staffTenant } from './service.ts';

// Gemeindegrößenklassen as the statistical offices use them; districts get classes of their own.
const MUNICIPALITY_CLASSES = [[0, 'unter 20.000'], [20_000, '20.000 bis unter 50.000'], [50_000, '50.000 bis unter 100.000'], [100_000, '100.000 bis unter 200.000'], [200_000, '200.000 bis unter 500.000'], [500_000, '500.000 und mehr']] as const;
const DISTRICT_CLASSES = [[0, 'unter 150.000'], [150_000, '150.000 bis unter 250.000'], [250_000, '250.000 bis unter 400.000'], [400_000, '400.000 und mehr']] as const;

export function sizeClass(type: string, population: number | null): string | null {
  if (!population) return null;
  const classes = type === 'district' ? DISTRICT_CLASSES : MUNICIPALITY_CLASSES;
  let label: string = classes[0][1];
  for (const [min, l] of classes) if (population >= min) label = l;
  return `${type === 'district' ? 'Kreise' : 'Gemeinden'} mit ${label} Einwohnern`;
}

export type PeersQuery = { group?: 'cooperation' | 'size_class'; cooperation?: string; from?: string; to?: string };

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])(-\d{2})?$/;

/** Whole completed months: `from`/`to` as YYYY-MM (a day is taken as its month); by default the
 *  last twelve completed months. */
export function peerMonths(q: { from?: string; to?: string }): { from: string; to: string } {
  for (const field of ['from', 'to'] as const) {
    if (q[field] !== undefined && !MONTH.test(q[field])) throw BadRequest('Zeitraum ungültig', [{ field, message: 'Monat als JJJJ-MM' }]);
  }
  const last = lastCompleteMonth();
  const to = q.to && q.to.slice(0, 7) < last ? q.to.slice(0, 7) : last;
  const from = q.from?.slice(0, 7) ?? monthOf(monthIndex(to) - 11);
  if (from > to) throw BadRequest('Zeitraum ungültig', [{ field: 'from', message: `Verglichen werden abgeschlossene Monate, bis ${last}; from liegt danach` }]);
  if (monthIndex(to) - monthIndex(from) >= MAX_MONTHS) throw BadRequest('Zeitraum zu lang', [{ field: 'from', message: `höchstens ${MAX_MONTHS} Monate` }]);
  return { from, to };
}

/** Another municipality's counters as far as the open data publishes them: null when any month
 *  of the usage (or of the ratings) is hidden there. */
function publishedSums(cells: openRepo.StoredCell[]): { usage: f.Sum[] | null; ratings: f.Sum[] | null } {
  const usage = cells.some((c) => c.submissions === null) ? null : cells.flatMap((c) => [
    { metric: 'start', dimension: '', count: c.starts! }, { metric: 'submitted', dimension: '', count: c.submissions! },
  ]);
  const ratings = cells.some((c) => c.ratings === null) ? null
    : cells.flatMap((c) => c.ratings!.map((count, i) => ({ metric: 'rating', dimension: String(i + 1), count })));
  return { usage, ratings };
}

export async function peers(ctx: Ctx, slug: string, serviceKey: string, q: PeersQuery, minCell: number) {
  const tenant = await staffTenant(ctx, slug);
  const months = peerMonths(q);
  const range = monthRange(months.from, months.to);
  const all = await repo.peerCandidates(ctx.db);
  const self = all.find((t) => t.id === tenant.id)!;
  let label: string;
  let members: typeof all;
  if ((q.group ?? 'cooperation') === 'cooperation') {
    const coops = await repo.cooperationsOf(ctx.db, tenant.id);
    const coop = q.cooperation ? coops.find((c) => c.slug === q.cooperation) : coops[0];
    if (!coop) throw BadRequest('Keine Kooperation', [{ field: 'cooperation', message: q.cooperation ? `${tenant.name} ist nicht Mitglied von „${q.cooperation}“` : `${tenant.name} ist in keiner Kooperation; group=size_class wählen` }]);
    members = await repo.peerCandidates(ctx.db, coop.slug);
    label = coop.name;
  } else {
    const cls = sizeClass(self.type, self.population);
    if (!cls) throw BadRequest('Einwohnerzahl fehlt', [{ field: 'group', message: `Für ${tenant.name} ist keine Einwohnerzahl hinterlegt (PATCH /api/v1/tenants/${slug})` }]);
    members = all.filter((t) => t.type === self.type && sizeClass(t.type, t.population) === cls);
    label = cls;
  }
  const others = members.filter((m) => m.id !== tenant.id).map((m) => m.id);
  await ensureProtected(ctx.db, months.from, months.to, minCell);
  const [own, cells, offline] = await Promise.all([
    repo.sumsByService(ctx.db, { tenantIds: [tenant.id], serviceKey, metrics: ['start', 'submitted', 'rating'], range, grain: 'month' }),
    openRepo.storedServiceCells(ctx.db, serviceKey, others, months.from, months.to),
    repo.offlineByMonth(ctx.db, members.map((m) => m.id), range, serviceKey),
  ]);
  const items = members.map((m) => {
    const isSelf = m.id === tenant.id;
    const mine = cells.filter((c) => c.tenant_id === m.id);
    const offMonths = offline.filter((o) => o.tenant_id === m.id);
    const off = offMonths.length ? offMonths.reduce((a, o) => a + o.count, 0) : undefined;
    const offShown = isSelf || offMonths.every((o) => o.count === 0 || o.count >= minCell);
    // A municipality that reported nothing for this service has no figures (rather than zeros
    // that would pull the median down).
    const hasData = (isSelf ? own.length > 0 : mine.length > 0) || off !== undefined;
    const pub = isSelf ? { usage: own, ratings: own } : publishedSums(mine);
    const h = pub.usage ? f.headline(pub.usage) : undefined;
    const r = pub.ratings ? f.ratings(pub.ratings) : undefined;
    const submissions = hasData && h ? h.submissions : null;
    return {
      tenant: m.slug, name: m.name, population: m.population, self: isSelf,
      submissions,
      submissions_per_1000: submissions !== null && m.population ? f.round2((1000 * submissions) / m.population) : null,
      conversion: submissions !== null ? h!.conversion : null,
      rating_mean: r ? r.rating_mean : null,
      digital_share: submissions !== null && offShown ? f.digitalShare(submissions, off) : null,
      no_data: !hasData,
      suppressed: hasData && submissions === null,
    };
  });
  const med = (k: 'submissions_per_1000' | 'conversion' | 'rating_mean' | 'digital_share') => f.median(items.map((i) => i[k]));
  return {
    tenant: tenant.slug, service_key: serviceKey, period: { ...range, months }, min_cell: minCell,
    group: { kind: q.group ?? 'cooperation', label, members: items.length },
    median: { submissions_per_1000: med('submissions_per_1000'), conversion: med('conversion'), rating_mean: med('rating_mean'), digital_share: med('digital_share') },
    items,
  };
}
