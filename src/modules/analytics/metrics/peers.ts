// Comparison with peers: the same service in the other municipalities of a cooperation, or in all
// municipalities (districts) of the same size class, normalised per 1,000 inhabitants, against the
// group median. Other municipalities' figures below the minimum group size are not shown (the same
// rule as the open data); the municipality asking always sees its own.
import type { Ctx } from '../../../server/http/context.ts';
import { BadRequest } from '../../../server/http/errors.ts';
import * as f from './figures.ts';
import { rangeOf } from './periods.ts';
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

export async function peers(ctx: Ctx, slug: string, serviceKey: string, q: PeersQuery, minCell: number) {
  const tenant = await staffTenant(ctx, slug);
  const range = rangeOf(q, 365);
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
  const ids = members.map((m) => m.id);
  const [rows, offline] = await Promise.all([
    repo.sumsByService(ctx.db, { tenantIds: ids, serviceKey, metrics: ['start', 'submitted', 'rating'], range, grain: 'month' }),
    repo.offlineSums(ctx.db, ids, range, serviceKey),
  ]);
  const items = members.map((m) => {
    const own = rows.filter((r) => r.tenant_id === m.id);
    const h = f.headline(own);
    const off = offline.find((o) => o.tenant_id === m.id)?.count;
    const isSelf = m.id === tenant.id;
    // Small cells of other municipalities stay hidden, and so does every figure derived from them.
    // A municipality that reported nothing for this service has no figures (rather than zeros
    // that would pull the median down).
    const hasData = own.length > 0 || off !== undefined;
    const show = (n: number) => isSelf || n === 0 || n >= minCell;
    const submissions = hasData && show(h.submissions) ? h.submissions : null;
    return {
      tenant: m.slug, name: m.name, population: m.population, self: isSelf,
      submissions,
      submissions_per_1000: submissions !== null && m.population ? f.round2((1000 * submissions) / m.population) : null,
      conversion: show(h.starts) && submissions !== null ? h.conversion : null,
      rating_mean: show(h.rated) ? h.rating_mean : null,
      digital_share: submissions !== null && (off === undefined || show(off)) ? f.digitalShare(h.submissions, off) : null,
      no_data: !hasData,
      suppressed: hasData && submissions === null,
    };
  });
  const med = (k: 'submissions_per_1000' | 'conversion' | 'rating_mean' | 'digital_share') => f.median(items.map((i) => i[k]));
  return {
    tenant: tenant.slug, service_key: serviceKey, period: range, min_cell: minCell,
    group: { kind: q.group ?? 'cooperation', label, members: items.length },
    median: { submissions_per_1000: med('submissions_per_1000'), conversion: med('conversion'), rating_mean: med('rating_mean'), digital_share: med('digital_share') },
    items,
  };
}
