// Scheduled refresh, versions and retention of datastore tables (issue 5, item 4): refresh
// settings per resource, the list of versions with what changed, downloads of older versions,
// and the jobs' use cases (enqueue due refreshes and first loads, drop expired versions).
import type { Readable } from 'node:stream';
import type { Db } from '../../../server/db/connect.ts';
import type { Ctx } from '../../../server/http/context.ts';
import { isUser } from '../../../server/http/context.ts';
import { AppError, NotFound } from '../../../server/http/errors.ts';
import { recordAudit, type JobRunner } from '../../core/index.ts';
import { readableResource, writableResource } from '../access.ts';
import { findTable, versionName } from '../repo.ts';
import type { Field } from '../tables.ts';
import { LOAD_JOB } from '../ingest/service.ts';
import { insertLoad } from '../ingest/repo.ts';
import { columnsOf } from '../query/model.ts';
import { exportCsv, TableGone } from '../query/repo.ts';
import * as repo from './repo.ts';

/** created_by of loads started by the refresh schedule and by the automatic first load. */
export const BY_SCHEDULE = 'Zeitplan';
export const BY_AUTOLOAD = 'Automatisch';
export const MIN_INTERVAL_MINUTES = 15;
export const MAX_INTERVAL_MINUTES = 525_600;

// ---------------------------------------------------------------- settings

export async function getRefresh(ctx: Ctx, resourceId: string) {
  const r = await readableResource(ctx, resourceId);
  const [s, last] = await Promise.all([repo.findSettings(ctx.db, r.id), repo.lastLoadAt(ctx.db, r.id)]);
  const interval = s?.interval_minutes ?? null;
  return {
    resourceId: r.id,
    intervalMinutes: interval,
    autoLoad: s?.auto_load ?? true,
    lastLoadAt: last,
    // Due at the next scheduler run (every minute) when this is in the past.
    nextRefreshAt: interval === null ? null : last ? new Date(last.getTime() + interval * 60_000) : new Date(),
    updatedAt: s?.updated_at ?? null,
  };
}

export async function setRefresh(ctx: Ctx, resourceId: string, body: { intervalMinutes: number | null; autoLoad?: boolean }) {
  const r = await writableResource(ctx, resourceId);
  const before = await repo.findSettings(ctx.db, r.id);
  const file = await ctx.db.selectFrom('catalog_resources').select('file_id').where('id', '=', r.id).executeTakeFirst();
  if (body.intervalMinutes !== null && !file?.file_id && !/^https?:\/\//i.test(r.url)) {
    throw new AppError(422, 'no-source', 'Keine Quelle', 'Die Ressource hat weder eine hochgeladene Datei noch eine http(s)-Adresse, die aktualisiert werden könnte.', [{ field: 'intervalMinutes', message: 'Ressource ohne Quelle' }]);
  }
  const autoLoad = body.autoLoad ?? before?.auto_load ?? true;
  const by = isUser(ctx.actor) ? ctx.actor.email : (ctx.actor?.label ?? 'system');
  await ctx.db.transaction().execute(async (trx) => {
    await repo.saveSettings(trx, { resourceId: r.id, tenantId: r.tenant_id, intervalMinutes: body.intervalMinutes, autoLoad, by });
    await recordAudit(trx, ctx, {
      tenantId: r.tenant_id, action: 'datastore.refresh', entityType: 'resource', entityId: r.id,
      before: before ? { intervalMinutes: before.interval_minutes, autoLoad: before.auto_load } : null, after: { intervalMinutes: body.intervalMinutes, autoLoad },
    });
  });
  return getRefresh(ctx, r.id);
}

// ---------------------------------------------------------------- versions

type Changes = { rows: number | null; columnsAdded: string[]; columnsRemoved: string[]; columnsRetyped: { id: string; from: string; to: string }[] };

function changes(prev: { rows: number | null; fields: Field[] }, cur: { rows: number | null; fields: Field[] }): Changes {
  const before = new Map(prev.fields.map((f) => [f.id, f.type]));
  const after = new Map(cur.fields.map((f) => [f.id, f.type]));
  return {
    rows: prev.rows === null || cur.rows === null ? null : cur.rows - prev.rows,
    columnsAdded: cur.fields.filter((f) => !before.has(f.id)).map((f) => f.id),
    columnsRemoved: prev.fields.filter((f) => !after.has(f.id)).map((f) => f.id),
    columnsRetyped: cur.fields.filter((f) => before.has(f.id) && before.get(f.id) !== f.type).map((f) => ({ id: f.id, from: before.get(f.id)!, to: f.type })),
  };
}

/** Every version of a resource's table, newest first: when, rows, checksum, what changed against
 *  the version before, and whether its table is still kept (downloadable). */
export async function listVersions(ctx: Ctx, resourceId: string, keepDays: number) {
  const r = await readableResource(ctx, resourceId);
  const [rows, served] = await Promise.all([repo.versionsOf(ctx.db, r.id), findTable(ctx.db, r.id)]);
  const out = [];
  let prev: { rows: number | null; fields: Field[] } | undefined;
  for (const v of rows) {
    const cur = { rows: v.row_count, fields: v.fields ?? [] };
    const current = served?.version === v.version;
    // Replaced by the next load's version, else (retyping, datastore_create) by the table's last change.
    const replacedAt = current ? null : (v.replaced_at ?? served?.updated_at ?? null);
    const keptUntil = !current && v.kept && replacedAt ? new Date(replacedAt.getTime() + keepDays * 86_400_000) : null;
    out.push({
      version: v.version, loadId: v.load_id, createdAt: v.finished_at, createdBy: v.created_by, source: v.file_id ? 'upload' : 'url', sourceUrl: v.source_url,
      rows: v.row_count, checksum: v.checksum, columns: cur.fields.map((f) => ({ id: f.id, type: f.type })),
      changes: prev ? changes(prev, cur) : null,
      current, kept: v.kept, replacedAt, keptUntil,
      status: current ? 'aktuell' : v.kept ? 'aufbewahrt' : 'nicht mehr aufbewahrt',
      download: v.kept ? `/api/v1/resources/${r.id}/datastore/versions/${v.version}.csv` : null,
    });
    prev = cur;
  }
  // The served version was made without a load (datastore_create, retyping): listed as well.
  if (served && !rows.some((v) => v.version === served.version)) {
    const cur = { rows: Number(served.row_count), fields: served.fields };
    out.push({
      version: served.version, loadId: null, createdAt: served.updated_at, createdBy: null, source: 'push', sourceUrl: null,
      rows: cur.rows, checksum: null, columns: cur.fields.map((f) => ({ id: f.id, type: f.type })),
      changes: prev ? changes(prev, cur) : null,
      current: true, kept: true, replacedAt: null, keptUntil: null, status: 'aktuell',
      download: `/api/v1/resources/${r.id}/datastore/versions/${served.version}.csv`,
    });
  }
  out.sort((a, b) => a.version - b.version);
  return { resourceId: r.id, currentVersion: served?.version ?? null, keepDays, items: out.reverse() };
}

/** An older (or the current) version as CSV, streamed by COPY; 404 for unknown or dropped ones. */
export async function versionCsv(ctx: Ctx, resourceId: string, version: number): Promise<{ stream: Readable; filename: string }> {
  const r = await readableResource(ctx, resourceId);
  const [v, served] = await Promise.all([repo.versionsOf(ctx.db, r.id).then((all) => all.find((x) => x.version === version)), findTable(ctx.db, r.id)]);
  const isServed = served?.version === version;
  if (!v && !isServed) throw NotFound(`Version ${version}`);
  if (v && !v.kept) throw new AppError(404, 'not-found', 'Nicht gefunden', `Version ${version} wird nicht mehr aufbewahrt`);
  // The served version's columns are those of the table now (retyping makes a new version,
  // pushing new fields too); an older one has the columns its load recorded.
  const fields = isServed ? served.fields : (v?.fields ?? []);
  try {
    return { stream: await exportCsv(ctx.db, versionName(r.id, version), columnsOf(fields)), filename: `${r.id}_v${version}.csv` };
  } catch (e) {
    // Dropped by the retention job between the check and the COPY.
    if (e instanceof TableGone) throw new AppError(404, 'not-found', 'Nicht gefunden', `Version ${version} wird nicht mehr aufbewahrt`);
    throw e;
  }
}

// ---------------------------------------------------------------- jobs

async function enqueueLoad(db: Db, jobs: JobRunner, c: repo.Candidate, by: string, firstOnly: boolean): Promise<number | null> {
  return db.transaction().execute(async (trx) => {
    await repo.lockResource(trx, c.resource_id);
    if (await repo.loadPending(trx, c.resource_id)) return null;
    if (firstOnly && (await repo.hasAnyLoad(trx, c.resource_id))) return null;
    const fileId = c.file_id;
    const { id } = await insertLoad(trx, { resourceId: c.resource_id, tenantId: c.tenant_id, sourceUrl: fileId ? null : c.url, fileId, createdBy: by });
    // One pending load per resource is ensured above (under the resource's lock). The job's key
    // is the load's own: a key per resource would hand this new load to a job still finishing
    // the previous one, and the new load would stay queued with no job to run it.
    await jobs.enqueue(LOAD_JOB, { loadId: Number(id) }, { tenantId: c.tenant_id, uniqueKey: `datastore.load:${id}`, db: trx });
    return Number(id);
  });
}

/** Enqueues a load for every resource whose refresh is due (at most `limit`). */
export async function enqueueDueRefreshes(db: Db, jobs: JobRunner, limit = 200) {
  const loads: number[] = [];
  for (const c of await repo.dueRefreshes(db, limit)) {
    const id = await enqueueLoad(db, jobs, c, BY_SCHEDULE, false);
    if (id !== null) loads.push(id);
  }
  return { enqueued: loads.length, loads };
}

/** Enqueues a first load for tabular resources never loaded (at most `limit` per run). */
export async function enqueueFirstLoads(db: Db, jobs: JobRunner, limit: number, ownApi = '') {
  const loads: number[] = [];
  for (const c of await repo.neverLoaded(db, limit, ownApi)) {
    const id = await enqueueLoad(db, jobs, c, BY_AUTOLOAD, true);
    if (id !== null) loads.push(id);
  }
  return { enqueued: loads.length, loads };
}

/** Drops the tables of versions replaced more than `keepDays` ago; never the served one. */
export async function dropExpiredVersions(db: Db, keepDays: number, limit = 1000) {
  const dropped: string[] = [];
  let skipped = 0;
  for (const e of await repo.expiredVersions(db, keepDays, limit)) {
    try {
      if (await db.transaction().execute((trx) => repo.dropVersionTable(trx, e.resource_id, e.version))) dropped.push(versionName(e.resource_id, e.version));
    } catch {
      skipped++; // a reader held the table past the lock timeout: next run
    }
  }
  return { dropped: dropped.length, skipped, tables: dropped };
}
