// The published table: per month, service key × municipality with the totals per municipality,
// per service and overall, each protected on its own month's whole table (so that a filtered
// download hides exactly what the full one hides — two different patterns could be subtracted
// from each other). Two independent protections per month:
// - usage (views, starts, submissions) is hidden together: submissions ≤ starts ≤ views, so a
//   published neighbour would bound a hidden value;
// - ratings (number, histogram, mean) are protected on their number, since ratings are far rarer
//   than uses — hiding the uses with them would empty most of the table. A published rating
//   histogram describes a group of at least the minimum size.
import { ALL, protectTable, type Cell } from './suppress.ts';
import type { MonthSum, TenantRow } from './repo.ts';

export type Level = 'zelle' | 'summe_kommune' | 'summe_leistung' | 'summe_gesamt';
export const LEVELS: Level[] = ['zelle', 'summe_kommune', 'summe_leistung', 'summe_gesamt'];

export type Figures = {
  month: string; level: Level; tenant: TenantRow | null; serviceKey: string | null;
  /** views, starts, submissions; null when hidden */
  usage: [number, number, number] | null;
  /** ratings 1..5; null when hidden */
  ratings: [number, number, number, number, number] | null;
};

const USAGE = { view: 0, start: 1, submitted: 2 } as Record<string, number>;
const levelOf = (row: string, col: string): Level => (row === ALL ? (col === ALL ? 'summe_gesamt' : 'summe_kommune') : col === ALL ? 'summe_leistung' : 'zelle');

// Totals after their parts: the margin sorts last (plain code-point order, not the locale's).
const LAST = '\uffff';
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byPlace = (a: Figures, b: Figures) => cmp(a.tenant?.ars ?? LAST, b.tenant?.ars ?? LAST) || cmp(a.serviceKey ?? LAST, b.serviceKey ?? LAST);

/** Protects every month of `sums`; rows ordered by month, municipality (ARS), service key, with
 *  each municipality's total after its cells, then the service totals, then the month's total. */
export function protectedMonths(sums: MonthSum[], tenants: TenantRow[], minCell: number): Figures[] {
  const byMonth = new Map<string, MonthSum[]>();
  for (const s of sums) (byMonth.get(s.month) ?? byMonth.set(s.month, []).get(s.month)!).push(s);
  const tenantById = new Map(tenants.map((t) => [t.id, t]));
  const out: Figures[] = [];
  for (const [month, rows] of [...byMonth].sort(([a], [b]) => cmp(a, b))) {
    const usage = new Map<string, Cell & { values: number[] }>();
    const hist = new Map<string, number[]>();
    for (const r of rows) {
      if (!tenantById.has(r.tenant_id)) continue;
      const k = `${r.service_key}\u0000${r.tenant_id}`;
      if (r.metric === 'rating') {
        const star = Number(r.dimension);
        if (!(star >= 1 && star <= 5)) continue;
        (hist.get(k) ?? hist.set(k, [0, 0, 0, 0, 0]).get(k)!)[star - 1]! += r.count;
      } else if (r.dimension === '' && r.metric in USAGE) {
        (usage.get(k) ?? usage.set(k, { row: r.service_key, col: r.tenant_id, values: [0, 0, 0] }).get(k)!).values[USAGE[r.metric]!]! += r.count;
      }
    }
    const ratingCells: Cell[] = [...hist].map(([k, h]) => {
      const [row, col] = k.split('\u0000') as [string, string];
      return { row, col, values: [h.reduce((a, b) => a + b, 0)] };
    });
    // Histograms of the totals, summed like the counts.
    const histOf = new Map<string, number[]>();
    for (const [k, h] of hist) {
      const [row, col] = k.split('\u0000') as [string, string];
      for (const t of [k, `${row}\u0000${ALL}`, `${ALL}\u0000${col}`, `${ALL}\u0000${ALL}`]) {
        const acc = histOf.get(t) ?? histOf.set(t, [0, 0, 0, 0, 0]).get(t)!;
        h.forEach((n, i) => (acc[i]! += n));
      }
    }
    const merged = new Map<string, Figures>();
    const entry = (row: string, col: string) => {
      const k = `${row}\u0000${col}`;
      return merged.get(k) ?? merged.set(k, {
        month, level: levelOf(row, col), tenant: col === ALL ? null : tenantById.get(col)!, serviceKey: row === ALL ? null : row,
        usage: [0, 0, 0], ratings: [0, 0, 0, 0, 0],
      }).get(k)!;
    };
    for (const c of protectTable([...usage.values()], minCell)) entry(c.row, c.col).usage = c.suppressed ? null : (c.values as [number, number, number]);
    for (const c of protectTable(ratingCells, minCell)) {
      entry(c.row, c.col).ratings = c.suppressed ? null : (histOf.get(`${c.row}\u0000${c.col}`)! as Figures['ratings']);
    }
    out.push(...[...merged.values()].sort(byPlace));
  }
  return out;
}

export const ratingCount = (h: number[]) => h.reduce((a, b) => a + b, 0);
export const ratingMean = (h: number[]) => {
  const n = ratingCount(h);
  return n ? Math.round((100 * h.reduce((s, c, i) => s + (i + 1) * c, 0)) / n) / 100 : null;
};
