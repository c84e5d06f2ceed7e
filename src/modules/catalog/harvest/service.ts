// Harvest sources through the API: editors and administrators of the tenant manage its sources,
// start runs and read the run logs; nobody else sees them. Every write is audited.
import type { z } from 'zod';
import type { Ctx } from '../../../server/http/context.ts';
import { BadRequest, Conflict, NotFound } from '../../../server/http/errors.ts';
import { violatedConstraint } from '../../../server/db/errors.ts';
import { recordAudit, requireScope, requireTenantRole, tenantRef, type JobRunner } from '../../core/index.ts';
import * as hrepo from './repo.ts';
import type * as c from './contract.ts';
import type { HarvestRunT, HarvestSourceT } from './contract.ts';
import { enqueueHarvest } from './jobs.ts';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export function presentRun(r: hrepo.RunRow): HarvestRunT {
  return {
    id: r.id, sourceId: r.source_id, sourceName: r.source_name, jobId: r.job_id, full: r.full_run, status: r.status,
    startedAt: iso(r.started_at)!, finishedAt: iso(r.finished_at), pages: r.pages, created: r.created, updated: r.updated,
    unchanged: r.unchanged, deleted: r.deleted, skipped: r.skipped, errors: r.errors, warnings: r.warnings, message: r.message,
  };
}

function presentSource(s: hrepo.SourceRow, lastRun: hrepo.RunRow | undefined): HarvestSourceT {
  return {
    id: s.id, tenantSlug: s.tenant_slug, name: s.name, type: s.type, url: s.url, organization: s.organization, intervalMinutes: s.interval_minutes,
    enabled: s.enabled, lastSuccessAt: iso(s.last_success_at), nextRunAt: iso(s.next_run_at), createdAt: iso(s.created_at)!,
    updatedAt: iso(s.updated_at)!, lastRun: lastRun ? presentRun(lastRun) : null,
  };
}

/** Editors of the source's tenant (and platform admins); anonymous callers learn nothing. */
async function loadSource(ctx: Ctx, id: string, scope: 'read' | 'write') {
  requireScope(ctx, scope);
  const s = await hrepo.findSource(ctx.db, id);
  if (!s) throw NotFound('Harvesting-Quelle');
  requireTenantRole(ctx, s.tenant_id, 'editor', scope);
  return s;
}

async function withLastRun(ctx: Ctx, s: hrepo.SourceRow) {
  return presentSource(s, (await hrepo.latestRuns(ctx.db, [s.id]))[0]);
}

function checkOrganization(f: { type: string; organization: string | null }) {
  if (f.organization && f.type !== 'ckan') {
    throw BadRequest('Eine Organisation lässt sich nur bei CKAN-Quellen angeben', [{ field: 'body.organization', message: 'nur bei Typ „ckan“ möglich' }]);
  }
}

function nameTaken(err: unknown): never {
  if (violatedConstraint(err) === 'catalog_harvest_sources_tenant_id_name_key') {
    throw Conflict('Eine Quelle mit diesem Namen gibt es in dieser Kommune schon', [{ field: 'body.name', message: 'schon vergeben' }]);
  }
  throw err;
}

export async function listSources(ctx: Ctx, slug: string) {
  requireScope(ctx, 'read');
  const tenant = await tenantRef(ctx, slug);
  requireTenantRole(ctx, tenant.id, 'editor', 'read');
  const rows = await hrepo.sourcesOf(ctx.db, tenant.id);
  const runs = new Map((await hrepo.latestRuns(ctx.db, rows.map((r) => r.id))).map((r) => [r.source_id, r]));
  return rows.map((s) => presentSource(s, runs.get(s.id)));
}

export async function getSource(ctx: Ctx, id: string) {
  return withLastRun(ctx, await loadSource(ctx, id, 'read'));
}

export async function createSource(ctx: Ctx, slug: string, body: z.infer<typeof c.HarvestSourceCreate>) {
  requireScope(ctx, 'write');
  const tenant = await tenantRef(ctx, slug);
  requireTenantRole(ctx, tenant.id, 'editor', 'write');
  const f: hrepo.SourceFields = { name: body.name, type: body.type, url: body.url, organization: body.organization ?? null, interval_minutes: body.intervalMinutes ?? null, enabled: body.enabled };
  checkOrganization(f);
  const id = await ctx.db
    .transaction()
    .execute(async (trx) => {
      const { id } = await hrepo.insertSource(trx, tenant.id, f);
      const after = presentSource((await hrepo.findSource(trx, id))!, undefined);
      await recordAudit(trx, ctx, { tenantId: tenant.id, action: 'harvest_source.create', entityType: 'harvest_source', entityId: id, after });
      return id;
    })
    .catch(nameTaken);
  return getSource(ctx, id);
}

export async function updateSource(ctx: Ctx, id: string, body: z.infer<typeof c.HarvestSourceUpdate>) {
  const s = await loadSource(ctx, id, 'write');
  const f: hrepo.SourceFields = {
    name: body.name ?? s.name, type: body.type ?? s.type, url: body.url ?? s.url, organization: body.organization !== undefined ? body.organization : s.organization,
    interval_minutes: body.intervalMinutes !== undefined ? body.intervalMinutes : s.interval_minutes, enabled: body.enabled ?? s.enabled,
  };
  checkOrganization(f);
  // Another address, type or organisation is another source: the next run reads it whole.
  const reset = f.url !== s.url || f.type !== s.type || f.organization !== s.organization;
  await ctx.db
    .transaction()
    .execute(async (trx) => {
      await hrepo.updateSource(trx, id, f, reset);
      const after = presentSource((await hrepo.findSource(trx, id))!, undefined);
      await recordAudit(trx, ctx, { tenantId: s.tenant_id, action: 'harvest_source.update', entityType: 'harvest_source', entityId: id, before: presentSource(s, undefined), after });
    })
    .catch(nameTaken);
  return getSource(ctx, id);
}

/** Removes the source with its runs; the datasets it harvested are marked deleted (each with
 *  an entry in its history), since nothing keeps them current any more. */
export async function deleteSource(ctx: Ctx, id: string) {
  const s = await loadSource(ctx, id, 'write');
  await ctx.db.transaction().execute(async (trx) => {
    const deletedDatasets = await hrepo.deleteDatasetsOfSource(trx, id, `Harvesting: ${s.name} (Quelle gelöscht)`);
    await hrepo.deleteSource(trx, id);
    await recordAudit(trx, ctx, { tenantId: s.tenant_id, action: 'harvest_source.delete', entityType: 'harvest_source', entityId: id, before: presentSource(s, undefined), after: { deletedDatasets } });
  });
}

export async function startRun(ctx: Ctx, jobs: JobRunner, id: string, full: boolean) {
  const s = await loadSource(ctx, id, 'write');
  const jobId = await ctx.db.transaction().execute(async (trx) => {
    const jobId = await enqueueHarvest(jobs, s, full, trx);
    await recordAudit(trx, ctx, { tenantId: s.tenant_id, action: 'harvest_source.run', entityType: 'harvest_source', entityId: id, after: { jobId, full } });
    return jobId;
  });
  return { jobId, sourceId: id, full };
}

export async function listRuns(ctx: Ctx, id: string, q: { limit: number; offset: number }) {
  const s = await loadSource(ctx, id, 'read');
  const { rows, total } = await hrepo.runsOf(ctx.db, s.id, q.limit, q.offset);
  return { items: rows.map(presentRun), total, limit: q.limit, offset: q.offset };
}

export async function getRun(ctx: Ctx, runId: string, q: z.infer<typeof c.LogQuery>) {
  requireScope(ctx, 'read');
  const r = await hrepo.findRun(ctx.db, runId);
  if (!r) throw NotFound('Harvesting-Lauf');
  requireTenantRole(ctx, r.tenant_id, 'editor', 'read');
  const { rows, total } = await hrepo.logOf(ctx.db, runId, q.level, q.limit, q.offset);
  return {
    ...presentRun(r),
    log: { items: rows.map((l) => ({ ...l, at: iso(l.at)! })), total, limit: q.limit, offset: q.offset },
  };
}
