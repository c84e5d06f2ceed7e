// SQL of harvesting: sources, runs, run logs and the records that tie harvested datasets to
// their source and remote identifier. Dataset rows themselves are written through ../repo.ts.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../server/db/types.ts';
import type { HarvestType, LogLevel, RunStatus } from './tables.ts';

type Q = Kysely<Database>;

// ---- sources
export function sourceQuery(db: Q) {
  return db
    .selectFrom('catalog_harvest_sources as s')
    .innerJoin('core_tenants as t', 't.id', 's.tenant_id')
    .selectAll('s')
    .select('t.slug as tenant_slug');
}
export type SourceRow = Awaited<ReturnType<ReturnType<typeof sourceQuery>['executeTakeFirstOrThrow']>>;

export function findSource(db: Q, id: string) {
  return sourceQuery(db).where('s.id', '=', id).executeTakeFirst();
}

export function sourcesOf(db: Q, tenantId: string) {
  return sourceQuery(db).where('s.tenant_id', '=', tenantId).orderBy('s.name').execute();
}

export type SourceFields = { name: string; type: HarvestType; url: string; organization: string | null; interval_minutes: number | null; enabled: boolean };

export function insertSource(db: Q, tenantId: string, f: SourceFields) {
  return db
    .insertInto('catalog_harvest_sources')
    .values({ ...f, tenant_id: tenantId, next_run_at: f.interval_minutes && f.enabled ? sql<Date>`now()` : null })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** `resetIncremental`: the next run reads the whole source again (its address or type changed). */
export function updateSource(db: Q, id: string, f: SourceFields, resetIncremental: boolean) {
  return db
    .updateTable('catalog_harvest_sources')
    .set({
      ...f, updated_at: sql`now()`,
      ...(resetIncremental && { last_success_at: null }),
      // A schedule takes effect from now; without one (or disabled) nothing is due.
      next_run_at: f.interval_minutes && f.enabled ? sql<Date>`coalesce(next_run_at, now())` : null,
    })
    .where('id', '=', id)
    .execute();
}

export function deleteSource(db: Q, id: string) {
  return db.deleteFrom('catalog_harvest_sources').where('id', '=', id).execute();
}

/** Locks the sources whose next run is due (skipping those another instance holds) and moves
 *  each to its next occurrence; the caller enqueues their jobs in the same transaction. */
export async function takeDueSources(db: Q) {
  const r = await sql<{ id: string; tenant_id: string }>`
    UPDATE catalog_harvest_sources s SET next_run_at = now() + make_interval(mins => s.interval_minutes)
     WHERE s.id IN (SELECT id FROM catalog_harvest_sources
                     WHERE enabled AND interval_minutes IS NOT NULL AND next_run_at <= now()
                     ORDER BY next_run_at FOR UPDATE SKIP LOCKED LIMIT 100)
    RETURNING s.id, s.tenant_id`.execute(db);
  return r.rows;
}

export function setLastSuccess(db: Q, id: string, at: Date) {
  return db.updateTable('catalog_harvest_sources').set({ last_success_at: at }).where('id', '=', id).execute();
}

// ---- runs and log
export function insertRun(db: Q, r: { sourceId: string; tenantId: string; jobId: number | null; full: boolean }) {
  return db
    .insertInto('catalog_harvest_runs')
    .values({ source_id: r.sourceId, tenant_id: r.tenantId, job_id: r.jobId, full_run: r.full })
    .returning(['id', 'started_at'])
    .executeTakeFirstOrThrow();
}

/** Runs of this source still marked running belong to a job that died: they did not finish. */
export function failAbandonedRuns(db: Q, sourceId: string) {
  return db
    .updateTable('catalog_harvest_runs')
    .set({ status: 'failed', finished_at: sql`now()`, message: 'Abgebrochen: der Lauf wurde nicht beendet (Instanz beendet oder abgestürzt)' })
    .where('source_id', '=', sourceId)
    .where('status', '=', 'running')
    .execute();
}

export type RunCounts = { pages: number; created: number; updated: number; unchanged: number; deleted: number; skipped: number; errors: number; warnings: number };

export function finishRun(db: Q, id: string, status: RunStatus, counts: RunCounts, message: string) {
  return db
    .updateTable('catalog_harvest_runs')
    .set({ ...counts, status, message, finished_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

export function runQuery(db: Q) {
  return db
    .selectFrom('catalog_harvest_runs as r')
    .innerJoin('catalog_harvest_sources as s', 's.id', 'r.source_id')
    .selectAll('r')
    .select('s.name as source_name');
}
export type RunRow = Awaited<ReturnType<ReturnType<typeof runQuery>['executeTakeFirstOrThrow']>>;

export function findRun(db: Q, id: string) {
  return runQuery(db).where('r.id', '=', id).executeTakeFirst();
}

export async function runsOf(db: Q, sourceId: string, limit: number, offset: number) {
  const [rows, count] = await Promise.all([
    runQuery(db).where('r.source_id', '=', sourceId).orderBy('r.started_at', 'desc').orderBy('r.id').limit(limit).offset(offset).execute(),
    db.selectFrom('catalog_harvest_runs').select(sql<number>`count(*)::int`.as('n')).where('source_id', '=', sourceId).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.n };
}

/** The newest run of each of these sources. */
export async function latestRuns(db: Q, sourceIds: string[]) {
  if (sourceIds.length === 0) return [];
  return runQuery(db)
    .where('r.id', 'in', (eb) =>
      eb.selectFrom('catalog_harvest_runs as x').select(sql<string>`(array_agg(x.id ORDER BY x.started_at DESC))[1]`.as('id')).where('x.source_id', 'in', sourceIds).groupBy('x.source_id'),
    )
    .execute();
}

export type LogEntry = { level: LogLevel; dataset?: string | null; title?: string | null; message: string };

export async function insertLog(db: Q, runId: string, entries: LogEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto('catalog_harvest_log')
    .values(entries.map((e) => ({ run_id: runId, level: e.level, dataset: e.dataset ?? null, title: e.title ?? null, message: e.message })))
    .execute();
}

export async function logOf(db: Q, runId: string, level: LogLevel | undefined, limit: number, offset: number) {
  let q = db.selectFrom('catalog_harvest_log').where('run_id', '=', runId);
  if (level) q = q.where('level', '=', level);
  const [rows, count] = await Promise.all([
    q.select(['id', 'at', 'level', 'dataset', 'title', 'message']).orderBy('id').limit(limit).offset(offset).execute(),
    q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.n };
}

// ---- records of harvested datasets
export function recordsOf(db: Q, sourceId: string) {
  return db
    .selectFrom('catalog_harvest_records as h')
    .innerJoin('catalog_datasets as d', 'd.id', 'h.dataset_id')
    .select(['h.dataset_id', 'h.guid', 'h.origin', 'h.content_hash', 'd.state', 'd.name'])
    .where('h.source_id', '=', sourceId)
    .execute();
}

export function upsertRecord(db: Q, r: { datasetId: string; tenantId: string; sourceId: string; guid: string; origin: string; hash: string | null }) {
  return db
    .insertInto('catalog_harvest_records')
    .values({ dataset_id: r.datasetId, tenant_id: r.tenantId, source_id: r.sourceId, guid: r.guid, origin: r.origin, content_hash: r.hash })
    .onConflict((oc) => oc.column('dataset_id').doUpdateSet({ origin: r.origin, content_hash: r.hash, harvested_at: sql`now()` }))
    .execute();
}

export function clearRecordHash(db: Q, datasetId: string) {
  return db.updateTable('catalog_harvest_records').set({ content_hash: null, harvested_at: sql`now()` }).where('dataset_id', '=', datasetId).execute();
}

/** Datasets of this platform with one of these ids: id → name. */
export async function localDatasets(db: Q, ids: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const part of chunks(ids)) {
    const rows = await db.selectFrom('catalog_datasets').select(['id', 'name']).where('id', 'in', part).execute();
    for (const r of rows) out.set(r.id, r.name);
  }
  return out;
}

/** Lists of bind parameters stay far below PostgreSQL's limit of 65535 per statement. */
function chunks<T>(list: T[], size = 5000): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** Origins that the tenant already harvests through another source: origin → source name. */
export async function originsElsewhere(db: Q, tenantId: string, sourceId: string, origins: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const part of chunks(origins)) for (const [k, v] of await originsElsewherePart(db, tenantId, sourceId, part)) out.set(k, v);
  return out;
}

async function originsElsewherePart(db: Q, tenantId: string, sourceId: string, origins: string[]): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('catalog_harvest_records as h')
    .innerJoin('catalog_harvest_sources as s', 's.id', 'h.source_id')
    .innerJoin('catalog_datasets as d', 'd.id', 'h.dataset_id')
    .select(['h.origin', 's.name'])
    .where('h.tenant_id', '=', tenantId)
    .where('h.source_id', '<>', sourceId)
    .where('d.state', '<>', 'deleted')
    .where('h.origin', 'in', origins)
    .execute();
  return new Map(rows.map((r) => [r.origin, r.name]));
}

/** The organisation a tenant publishes under by default (named like the tenant). */
export function tenantOrganization(db: Q, tenantId: string) {
  return db
    .selectFrom('catalog_organizations as o')
    .innerJoin('core_tenants as t', 't.id', 'o.tenant_id')
    .select(['o.id', 'o.name'])
    .where('o.tenant_id', '=', tenantId)
    .where('o.state', '=', 'active')
    .orderBy(sql`o.name = t.slug`, 'desc')
    .orderBy('o.created_at')
    .limit(1)
    .executeTakeFirst();
}

export function datasetNameTaken(db: Q, name: string) {
  return db.selectFrom('catalog_datasets').select('id').where('name', '=', name).executeTakeFirst();
}

/** Marks every live dataset harvested from this source deleted, with a history entry each. */
export async function deleteDatasetsOfSource(db: Q, sourceId: string, actor: string): Promise<number> {
  const r = await sql`
    WITH old AS (
      SELECT d.id, d.tenant_id, d.state FROM catalog_datasets d
        JOIN catalog_harvest_records h ON h.dataset_id = d.id
       WHERE h.source_id = ${sourceId} AND d.state <> 'deleted'
         FOR UPDATE OF d),
    gone AS (
      UPDATE catalog_datasets d SET state = 'deleted', metadata_modified = now() FROM old WHERE d.id = old.id RETURNING d.id)
    INSERT INTO catalog_dataset_history (dataset_id, tenant_id, actor, action, before, after)
      SELECT old.id, old.tenant_id, ${actor}, 'package.delete', jsonb_build_object('state', old.state), '{"state": "deleted"}'::jsonb
        FROM old JOIN gone ON gone.id = old.id`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
