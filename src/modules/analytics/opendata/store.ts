// The protected monthly table, stored: each completed month is protected once over its whole
// table and kept (analytics_open_cells), so that downloads, federal reports and the peer
// comparison read the same hidden cells and none of them pays for the protection. A month is
// protected when it is first asked for; months that received late events since are protected again
// by the job `analytics.opendata.protect`, and so is the month just over during its first day
// (batches in flight at midnight can still land in it).
import type { Db } from '../../../server/db/connect.ts';
import type { JobRunner } from '../../core/index.ts';
import { lastCompleteMonth, monthsBetween, todayBerlin } from '../metrics/periods.ts';
import * as repo from './repo.ts';
import { protectedMonths, type Figures, type Level } from './table.ts';

/** How often the job looks for late events (seconds). */
export const PROTECT_INTERVAL_S = 600;

const toStored = (f: Figures): Omit<repo.StoredCell, 'month'> => ({
  level: f.level, tenant_id: f.tenant?.id ?? null, service_key: f.serviceKey,
  views: f.usage?.[0] ?? null, starts: f.usage?.[1] ?? null, submissions: f.usage?.[2] ?? null, ratings: f.ratings ? [...f.ratings] : null,
});

/** Protects these months (one read of their sums) and stores each. */
async function protectAndStore(db: Db, months: string[], minCell: number): Promise<void> {
  if (!months.length) return;
  const [sums, tenants] = await Promise.all([repo.monthSums(db, months[0]!, months.at(-1)!), repo.tenants(db)]);
  for (const month of months) {
    const figures = protectedMonths(sums.filter((s) => s.month === month), tenants, minCell);
    await repo.storeMonth(db, month, minCell, figures.map(toStored));
  }
}

/** Makes sure every month of `from`…`to` is stored, protected with `minCell`. */
export async function ensureProtected(db: Db, from: string, to: string, minCell: number): Promise<void> {
  const stored = new Set(await repo.storedMonths(db, from, to, minCell));
  await protectAndStore(db, monthsBetween(from, to).filter((m) => !stored.has(m)), minCell);
}

/** The protected figures of `from`…`to` (completed months), in publication order. */
export async function protectedFigures(db: Db, from: string, to: string, minCell: number) {
  await ensureProtected(db, from, to, minCell);
  const [cells, tenants] = await Promise.all([repo.storedCells(db, from, to), repo.tenants(db)]);
  const byId = new Map(tenants.map((t) => [t.id, t]));
  const figures: Figures[] = cells.map((c) => ({
    month: c.month, level: c.level as Level, tenant: c.tenant_id ? byId.get(c.tenant_id)! : null, serviceKey: c.service_key,
    usage: c.submissions === null ? null : [c.views!, c.starts!, c.submissions],
    ratings: c.ratings as Figures['ratings'],
  }));
  return { figures, tenants };
}

/** Protects again what changed: months marked by late events, and the month just over until a
 *  run after its first day. Returns the months done. */
export async function refreshProtected(db: Db, minCell: number): Promise<string[]> {
  const last = lastCompleteMonth();
  // The marks are read before the sums: a batch committed after this read bumps the version, so
  // its mark survives the clearing below.
  const dirty = (await repo.dirtyMonths(db)).filter((d) => d.month <= last);
  const months = new Set(dirty.map((d) => d.month));
  const at = await repo.protectedAt(db, last);
  const dayOne = `${todayBerlin().slice(0, 7)}-01`;
  if (at && at.toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' }) <= dayOne) months.add(last);
  const todo = [...months].sort();
  // Only months already stored are refreshed; the others are protected when first asked for.
  const stored = new Set(todo.length ? await repo.storedMonths(db, todo[0]!, todo.at(-1)!, minCell) : []);
  await protectAndStore(db, todo.filter((m) => stored.has(m)), minCell);
  for (const d of dirty) await repo.clearDirty(db, d.month, d.version);
  return todo.filter((m) => stored.has(m));
}

export function registerProtectJob(jobs: JobRunner, db: Db, minCell: number): void {
  jobs.register('analytics.opendata.protect', async () => void (await refreshProtected(db, minCell)), { maxAttempts: 3, timeoutS: 600 });
  jobs.declareSchedule({ name: 'analytics.opendata.protect', type: 'analytics.opendata.protect', intervalSeconds: PROTECT_INTERVAL_S });
}
