// Open data of the service analytics (public) and the exports for the federal reporting (staff):
// both cut from the same protected monthly table, so no two downloads can be played off against
// each other. Only completed months: the current one still changes every day, and publishing it
// day by day would let anyone read single applications off the differences.
import type { Ctx } from '../../../server/http/context.ts';
import { BadRequest, Forbidden, NotFound } from '../../../server/http/errors.ts';
import { hasRole, requireScope } from '../../core/index.ts';
import { lastCompleteMonth, monthIndex, monthOf } from '../metrics/periods.ts';
import * as repo from './repo.ts';
import { ensureProtected, MAX_MONTHS, protectedFigureBatches, protectedFigures, storedFigures } from './store.ts';
import { csvChunks } from '../csv.ts';
import { ratingCount, ratingMean, type Figures, type Level } from './table.ts';

function checkComplete(field: string, month: string, last: string) {
  if (month > last) throw BadRequest('Monat noch nicht abgeschlossen', [{ field, message: `${month} ist noch nicht abgeschlossen; veröffentlicht wird bis ${last}` }]);
}

export type OpenDataQuery = { from?: string; to?: string; ars?: string; tenant?: string; service_key?: string };

export type OpenDataRow = {
  monat: string; ebene: Level; ars: string | null; kommune: string | null; leistungsschluessel: string | null;
  aufrufe: number | null; starts: number | null; antraege: number | null; nutzung_gesperrt: boolean;
  bewertungen: number | null; bewertung_mittel: number | null; bewertungen_gesperrt: boolean;
};

/** The machine-readable columns, in order (the CSV header, the JSON keys). */
export const OPEN_DATA_COLUMNS: (keyof OpenDataRow)[] = [
  'monat', 'ebene', 'ars', 'kommune', 'leistungsschluessel', 'aufrufe', 'starts', 'antraege', 'nutzung_gesperrt', 'bewertungen', 'bewertung_mittel', 'bewertungen_gesperrt',
];

const openRow = (f: Figures): OpenDataRow => ({
  monat: f.month, ebene: f.level, ars: f.tenant?.ars ?? null, kommune: f.tenant?.name ?? null, leistungsschluessel: f.serviceKey,
  aufrufe: f.usage?.[0] ?? null, starts: f.usage?.[1] ?? null, antraege: f.usage?.[2] ?? null, nutzung_gesperrt: !f.usage,
  bewertungen: f.ratings ? ratingCount(f.ratings) : null, bewertung_mittel: f.ratings ? ratingMean(f.ratings) : null, bewertungen_gesperrt: !f.ratings,
});


/** The checked period and filter of an open data request. */
async function scopeOf(ctx: Ctx, q: OpenDataQuery) {
  const last = lastCompleteMonth();
  const to = q.to ?? last;
  checkComplete('to', to, last);
  let from = q.from;
  if (!from) {
    // Default: every completed month with data, at most the last MAX_MONTHS.
    const first = (await repo.firstMonth(ctx.db)) ?? to;
    const floor = monthOf(monthIndex(to) - MAX_MONTHS + 1);
    from = first < floor ? floor : first > to ? to : first;
  }
  if (from > to) throw BadRequest('Zeitraum ungültig', [{ field: 'from', message: `from (${from}) liegt nach to (${to})` }]);
  if (monthIndex(to) - monthIndex(from) >= MAX_MONTHS) throw BadRequest('Zeitraum zu lang', [{ field: 'from', message: `höchstens ${MAX_MONTHS} Monate je Abruf` }]);
  if (q.ars && q.tenant) throw BadRequest('Kommune doppelt angegeben', [{ field: 'tenant', message: 'ars oder tenant angeben, nicht beides' }]);
  const wanted = q.ars !== undefined || q.tenant !== undefined;
  const tenant = wanted ? (await repo.tenants(ctx.db)).find((t) => (q.ars ? t.ars === q.ars : t.slug === q.tenant)) : undefined;
  if (wanted && !tenant) throw NotFound(q.ars ? `Kommune mit dem ARS ${q.ars}` : `Kommune „${q.tenant}“`);
  return {
    from, to, last,
    // A municipality: its cells and its totals; a service: its cells and its totals across all.
    filter: { tenantId: tenant?.id, serviceKey: q.service_key },
    described: { ars: tenant?.ars ?? null, kommune: tenant?.name ?? null, leistungsschluessel: q.service_key ?? null },
  };
}

type Limits = { minCell: number; openDataMaxRows: number };

/** The open data as one JSON answer, built in memory: too many rows (all municipalities over
 *  years) are refused with what to narrow, before they are read. The CSV has no such limit. */
export async function openData(ctx: Ctx, q: OpenDataQuery, { minCell, openDataMaxRows }: Limits) {
  const { from, to, last, filter, described } = await scopeOf(ctx, q);
  await ensureProtected(ctx.db, from, to, minCell);
  const n = await repo.countStoredCells(ctx.db, from, to, filter);
  if (n > openDataMaxRows) {
    throw BadRequest('Zu viele Zeilen', [{ field: 'from', message: `${n} Zeilen; höchstens ${openDataMaxRows} je Abruf als JSON: Zeitraum (from, to) verkürzen, nach ars, tenant oder service_key filtern oder die CSV-Datei nehmen` }]);
  }
  const { figures } = await storedFigures(ctx.db, from, to, filter);
  return { min_cell: minCell, from, to, complete_through: last, filter: described, columns: OPEN_DATA_COLUMNS, rows: figures.map(openRow) };
}

/** The open data as CSV, streamed from the stored table in batches: any size, constant memory. */
export async function openDataCsv(ctx: Ctx, q: OpenDataQuery, { minCell }: Limits) {
  const { from, to, filter, described } = await scopeOf(ctx, q);
  const batches = await protectedFigureBatches(ctx.db, from, to, minCell, filter);
  const rows = (async function* () {
    for await (const figures of batches) yield figures.map(openRow);
  })();
  const name = ['nutzung-onlinedienste', described.ars, described.leistungsschluessel, from, to].filter(Boolean).join('_');
  return { filename: `${name}.csv`, chunks: csvChunks(OPEN_DATA_COLUMNS, rows) };
}

/** Federal reports: platform administration reads every region, a municipality's staff (viewer
 *  and up) their own; the figures are the open data's, with the same cells hidden. */
async function federal(ctx: Ctx, month: string | undefined, minCell: number) {
  const p = requireScope(ctx, 'read');
  const last = lastCompleteMonth();
  const m = month ?? last;
  checkComplete('month', m, last);
  const { figures, tenants } = await protectedFigures(ctx.db, m, m, minCell);
  if (p.isPlatformAdmin) return figures;
  const own = new Set(tenants.filter((t) => hasRole(p, t.id, 'viewer')).map((t) => t.id));
  if (!own.size) throw Forbidden('Die Berichte lesen die Plattform-Administration und die Mitarbeitenden einer Kommune (für ihre Kommune)');
  return figures.filter((f) => f.tenant && own.has(f.tenant.id));
}

const place = (f: Figures) => ({ monat: f.month, ebene: f.level, leistungsschluessel: f.serviceKey, ars: f.tenant?.ars ?? null, region: f.tenant?.name ?? null });

/** Applications (online submissions) per service key and region. */
export async function federalTransactions(ctx: Ctx, month: string | undefined, minCell: number) {
  return (await federal(ctx, month, minCell)).filter((f) => !f.usage || f.usage[2] > 0 || f.level !== 'zelle')
    .map((f) => ({ ...place(f), antraege: f.usage?.[2] ?? null, gesperrt: !f.usage }));
}

/** Ratings per service key and region: number, histogram, mean — never a comment. */
export async function federalRatings(ctx: Ctx, month: string | undefined, minCell: number) {
  return (await federal(ctx, month, minCell)).filter((f) => !f.ratings || ratingCount(f.ratings) > 0)
    .map((f) => ({
      ...place(f), bewertungen: f.ratings ? ratingCount(f.ratings) : null,
      sterne_1: f.ratings?.[0] ?? null, sterne_2: f.ratings?.[1] ?? null, sterne_3: f.ratings?.[2] ?? null, sterne_4: f.ratings?.[3] ?? null, sterne_5: f.ratings?.[4] ?? null,
      bewertung_mittel: f.ratings ? ratingMean(f.ratings) : null, gesperrt: !f.ratings,
    }));
}
