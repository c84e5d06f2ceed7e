// The protected monthly table, stored: each completed month is protected once over its whole
// table and kept (analytics_open_cells), so that downloads, federal reports and the peer
// comparison read the same hidden cells and none of them pays for the protection (ADR 0009). The
// job `analytics.opendata.protect` stores the completed months ahead of readers, protects again
// months that received late events, and the month just over during its first day (batches in
// flight at midnight can still land in it); any other month is protected when first asked for.
import type { Transaction } from 'kysely';
import type { Db } from '../../../server/db/connect.ts';
import type { Database } from '../../../server/db/types.ts';
import type { JobRunner } from '../../core/index.ts';
import { berlinDay, lastCompleteMonth, monthIndex, monthOf, monthsBetween, todayBerlin } from '../metrics/periods.ts';
import * as repo from './repo.ts';
import { protectedMonths, type Figures, type Level } from './table.ts';

type Trx = Transaction<Database>;

/** Longest period one request may span (the table is protected month by month, on all data). */
export const MAX_MONTHS = 60;

/** How often the job looks for late events (seconds). */
export const PROTECT_INTERVAL_S = 600;

const toStored = (f: Figures): Omit<repo.StoredCell, 'month'> => ({
  level: f.level, tenant_id: f.tenant?.id ?? null, service_key: f.serviceKey,
  views: f.usage?.[0] ?? null, starts: f.usage?.[1] ?? null, submissions: f.usage?.[2] ?? null, ratings: f.ratings ? [...f.ratings] : null,
});

/** Months whose sums are read together: each read scans the monthly counters once, and holds
 *  the sums of its months in memory (about 100,000 per month at 100 × 300). */
const MONTHS_PER_READ = 6;

/** Protects these months and stores each (in the caller's transaction, else in one of its own per
 *  month). */
async function protectAndStore(db: Db | Trx, months: string[], minCell: number): Promise<void> {
  if (!months.length) return;
  const tenants = await repo.tenants(db);
  for (let i = 0; i < months.length; i += MONTHS_PER_READ) {
    const group = months.slice(i, i + MONTHS_PER_READ);
    const sums = await repo.monthSums(db, group);
    for (const month of group) {
      const cells = protectedMonths(sums.filter((s) => s.month === month), tenants, minCell).map(toStored);
      if (db.isTransaction) await repo.storeMonth(db, month, minCell, cells);
      else await (db as Db).transaction().execute((trx) => repo.storeMonth(trx, month, minCell, cells));
    }
  }
}

/** Makes sure every month of `from`…`to` is stored, protected with `minCell`; returns the months
 *  it had to protect. */
export async function ensureProtected(db: Db, from: string, to: string, minCell: number): Promise<string[]> {
  const stored = new Set(await repo.storedMonths(db, from, to, minCell));
  const missing = monthsBetween(from, to).filter((m) => !stored.has(m));
  await protectAndStore(db, missing, minCell);
  return missing;
}

/** How many completed months the job keeps stored ahead of any reader: as many as one download
 *  may span (the catalogue's distributions ask for all of them). Protecting one month of 100
 *  municipalities × 300 services takes over a second, which no reader should wait for. */
export const WARM_MONTHS = MAX_MONTHS;

type Filter = { tenantId?: string; serviceKey?: string };

function figuresOf(cells: repo.StoredCell[], byId: Map<string, repo.TenantRow>): Figures[] {
  return cells.map((c) => ({
    month: c.month, level: c.level as Level, tenant: c.tenant_id ? byId.get(c.tenant_id)! : null, serviceKey: c.service_key,
    usage: c.submissions === null ? null : [c.views!, c.starts!, c.submissions],
    ratings: c.ratings as Figures['ratings'],
  }));
}

/** The stored figures of `from`…`to`, in publication order, optionally only a municipality's
 *  (cells and total) or a service's (cells and total); the caller made sure they are stored. */
export async function storedFigures(db: Db, from: string, to: string, filter: Filter = {}) {
  const [cells, tenants] = await Promise.all([repo.storedCells(db, from, to, filter), repo.tenants(db)]);
  return { figures: figuresOf(cells, new Map(tenants.map((t) => [t.id, t]))), tenants };
}

/** The protected figures of `from`…`to` (completed months): protected first where missing. */
export async function protectedFigures(db: Db, from: string, to: string, minCell: number, filter: Filter = {}) {
  await ensureProtected(db, from, to, minCell);
  return storedFigures(db, from, to, filter);
}

/** The same figures in batches, for downloads of any size (the months are protected first, so
 *  nothing can fail for that once the answer has begun). */
export async function protectedFigureBatches(db: Db, from: string, to: string, minCell: number, filter: Filter = {}): Promise<AsyncGenerator<Figures[]>> {
  await ensureProtected(db, from, to, minCell);
  const byId = new Map((await repo.tenants(db)).map((t) => [t.id, t]));
  return (async function* () {
    for await (const cells of repo.storedCellBatches(db, from, to, filter)) yield figuresOf(cells, byId);
  })();
}

/** The job: protects again what changed — months marked by late events, and the month just over
 *  until a run after its first day — among the stored months; then stores the completed months
 *  with data of the last WARM_MONTHS that are missing. */
export async function refreshProtected(db: Db, minCell: number): Promise<{ refreshed: string[]; added: string[] }> {
  const last = lastCompleteMonth();
  const at = await repo.protectedAt(db, last);
  const dayOne = `${todayBerlin().slice(0, 7)}-01`;
  const refreshed = await db.transaction().execute(async (trx) => {
    const months = new Set((await repo.takeDirtyMonths(trx)).filter((m) => m <= last));
    if (at && berlinDay(at) <= dayOne) months.add(last);
    const todo = [...months].sort();
    const stored = new Set(todo.length ? await repo.storedMonths(trx, todo[0]!, todo.at(-1)!, minCell) : []);
    const done = todo.filter((m) => stored.has(m));
    await protectAndStore(trx, done, minCell);
    return done;
  });
  const first = await repo.firstCountedMonth(db);
  const floor = monthOf(monthIndex(last) - WARM_MONTHS + 1);
  const added = first && first <= last ? await ensureProtected(db, first > floor ? first : floor, last, minCell) : [];
  return { refreshed, added };
}

export function registerProtectJob(jobs: JobRunner, db: Db, minCell: number): void {
  jobs.register('analytics.opendata.protect', async () => void (await refreshProtected(db, minCell)), { maxAttempts: 3, timeoutS: 600 });
  jobs.declareSchedule({ name: 'analytics.opendata.protect', type: 'analytics.opendata.protect', intervalSeconds: PROTECT_INTERVAL_S });
}
