// The search index of big datastore tables, built in the background after a version is served,
// so a load or datastore_create never waits for it. Until it exists, `q` scans the table.
//
// Enqueued by the version swap (push/tables-sql.ts) and by datastore_upsert when a table grows
// past SEARCH_INDEX_MIN_ROWS, in the caller's transaction (no job for a version that was never
// served). An hourly sweep catches what those missed (tables from before this job existed, a
// column order changed in place, builds that gave up). The job is idempotent: it looks at the
// table as it is now and does nothing for a version that is no longer served.
import type { Db } from '../../../server/db/connect.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../../../server/db/types.ts';
import { enqueueJob, type JobRunner } from '../../core/index.ts';
import { columnsOf } from '../query/model.ts';
import * as repo from './repo.ts';

export const SEARCH_INDEX_JOB = 'datastore.search-index';
export const SEARCH_INDEX_SWEEP_JOB = 'datastore.search-index-sweep';

type Payload = { resourceId: string; tableName: string };
const MAX_ATTEMPTS = 4;

/** Enqueues the index build for a served version table if it is big enough (in `db`'s transaction). */
export async function enqueueSearchIndex(db: Kysely<Database>, t: { resourceId: string; tenantId: string; tableName: string; rowCount: number }): Promise<void> {
  if (t.rowCount < repo.SEARCH_INDEX_MIN_ROWS) return;
  await enqueueJob(db, SEARCH_INDEX_JOB, { resourceId: t.resourceId, tableName: t.tableName } satisfies Payload, {
    tenantId: t.tenantId, uniqueKey: `${SEARCH_INDEX_JOB}:${t.tableName}`, maxAttempts: MAX_ATTEMPTS,
  });
}

const stillServed = async (db: Db, p: Payload) => (await repo.servedTable(db, p.resourceId))?.table_name === p.tableName;

export async function buildIndexFor(db: Db, p: Payload, signal?: AbortSignal): Promise<Record<string, unknown>> {
  const t = await repo.servedTable(db, p.resourceId);
  if (!t || t.table_name !== p.tableName) return { skipped: 'not served (replaced or deleted)' };
  if (Number(t.row_count) < repo.SEARCH_INDEX_MIN_ROWS) return { skipped: 'small table', rows: Number(t.row_count) };
  const columns = columnsOf(t.fields);
  const name = repo.searchIndexName(t.table_name, columns);
  const before = await repo.searchIndexes(db, t.table_name);
  const stale = before.filter((i) => i.name !== name);
  if (before.some((i) => i.name === name && i.valid)) {
    for (const i of stale) await repo.dropSearchIndex(db, i.name);
    return { exists: name, dropped: stale.map((i) => i.name) };
  }
  // CONCURRENTLY cannot roll back: a build that failed, was cancelled or whose instance died
  // left an INVALID index of this name, which IF NOT EXISTS would take for done. Start clean.
  if (before.some((i) => i.name === name)) await repo.dropSearchIndex(db, name);
  const t0 = performance.now();
  try {
    await repo.buildSearchIndex(db, t.table_name, name, columns, signal);
  } catch (e) {
    // The table was replaced and dropped meanwhile (the drop cancels the build), or is an old
    // version now: nothing to do. Otherwise leave no invalid index behind and let the runner retry.
    await repo.dropSearchIndex(db, name).catch(() => undefined);
    if (!(await stillServed(db, p).catch(() => true))) return { skipped: 'replaced during the build' };
    throw e;
  }
  const ms = Math.round(performance.now() - t0);
  await repo.analyzeTable(db, t.table_name);
  // Replaced while building: keep no index on an old version (it is only downloaded, never searched).
  if (!(await stillServed(db, p))) {
    await repo.dropSearchIndex(db, name);
    return { skipped: 'replaced during the build' };
  }
  for (const i of stale) await repo.dropSearchIndex(db, i.name);
  return { built: name, ms, rows: Number(t.row_count), dropped: stale.map((i) => i.name) };
}

/** Enqueues the build for every big served table without a valid index of the expected name. */
export async function sweepSearchIndexes(db: Db): Promise<{ enqueued: number }> {
  let enqueued = 0;
  for (const t of await repo.bigTables(db, repo.SEARCH_INDEX_MIN_ROWS)) {
    if (t.indexes.includes(repo.searchIndexName(t.table_name, columnsOf(t.fields)))) continue;
    await enqueueSearchIndex(db, { resourceId: t.resource_id, tenantId: t.tenant_id, tableName: t.table_name, rowCount: Number(t.row_count) });
    enqueued++;
  }
  return { enqueued };
}

export function registerSearchIndexJobs(jobs: JobRunner, { db }: { db: Db }): void {
  // One build of a 1M-row table takes about a minute; the timeout leaves room for ten times that.
  jobs.register(SEARCH_INDEX_JOB, (job) => buildIndexFor(db, job.payload as Payload, job.signal), { maxAttempts: MAX_ATTEMPTS, timeoutS: 3600 });
  jobs.register(SEARCH_INDEX_SWEEP_JOB, () => sweepSearchIndexes(db), { maxAttempts: 3, timeoutS: 300 });
  jobs.declareSchedule({ name: SEARCH_INDEX_SWEEP_JOB, type: SEARCH_INDEX_SWEEP_JOB, intervalSeconds: 3600 });
}
