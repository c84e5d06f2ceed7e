// Reading and steering background jobs: platform admins see all; tenant admins see and retry
// their tenants' jobs. Jobs without a tenant (platform housekeeping) are for platform admins.
import type { Ctx } from '../../../server/http/context.ts';
import { Conflict, Forbidden, NotFound } from '../../../server/http/errors.ts';
import { recordAudit } from '../audit/service.ts';
import { adminTenantIds, requireScope } from '../permissions.ts';
import type { JobStatus } from '../tables.ts';
import type { JobT } from '../contract.ts';
import { tenantRef } from '../tenants/service.ts';
import * as repo from './repo.ts';

type Row = NonNullable<Awaited<ReturnType<typeof repo.findJob>>>;
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function present(r: Row): JobT {
  return {
    id: r.id, type: r.type, tenantSlug: r.tenant_slug, status: r.status, runAt: iso(r.run_at)!, attempts: r.attempts,
    maxAttempts: r.max_attempts, scheduleName: r.schedule_name, lockedBy: r.locked_by, lastError: r.last_error,
    createdAt: iso(r.created_at)!, startedAt: iso(r.started_at), finishedAt: iso(r.finished_at),
  };
}

function scope(ctx: Ctx, tenantId?: string): { tenantIds?: string[]; includeUntenanted: boolean } {
  const p = requireScope(ctx, 'read');
  if (p.isPlatformAdmin) return { tenantIds: tenantId ? [tenantId] : undefined, includeUntenanted: !tenantId };
  const mine = adminTenantIds(p);
  if (mine.length === 0) throw Forbidden('Jobs sehen nur Administratorinnen und Administratoren');
  if (tenantId && !mine.includes(tenantId)) throw Forbidden('Keine Berechtigung für die Jobs dieser Kommune');
  return { tenantIds: tenantId ? [tenantId] : mine, includeUntenanted: false };
}

export async function listJobs(ctx: Ctx, q: { tenant?: string; status?: JobStatus; type?: string; limit: number; offset: number }) {
  requireScope(ctx, 'read'); // anonymous callers learn nothing, not even whether a slug exists
  const tenantId = q.tenant ? (await tenantRef(ctx, q.tenant)).id : undefined;
  const { rows, total } = await repo.listJobs(ctx.db, { ...scope(ctx, tenantId), status: q.status, type: q.type, limit: q.limit, offset: q.offset });
  return { items: rows.map(present), total, limit: q.limit, offset: q.offset };
}

export async function listSchedules(ctx: Ctx) {
  const s = scope(ctx);
  const rows = await repo.listSchedules(ctx.db, s.tenantIds);
  return rows.map((r) => ({
    name: r.name, type: r.type, tenantSlug: r.tenant_slug, intervalSeconds: r.interval_seconds,
    nextRunAt: iso(r.next_run_at)!, enabled: r.enabled, lastEnqueuedAt: iso(r.last_enqueued_at),
  }));
}

/** Retry: a failed job keeps its attempt count and gets exactly one more attempt, due now
 *  (max_attempts = attempts + 1), so its history stays visible and a still-broken job fails
 *  again after one try instead of going through the whole backoff series. */
async function steer(ctx: Ctx, id: number, action: 'retry' | 'cancel') {
  const p = requireScope(ctx, 'admin');
  return ctx.db.transaction().execute(async (trx) => {
    // Locked, so the audited "before" is the state the change was applied to.
    const job = await repo.findJob(trx, id, true);
    // Jobs of tenants one does not administer look like missing ones.
    if (!job || (!p.isPlatformAdmin && (!job.tenant_id || !adminTenantIds(p).includes(job.tenant_id)))) throw NotFound(`Job ${id}`);
    const r = action === 'retry' ? await repo.requeueFailed(trx, id) : await repo.cancelQueued(trx, id);
    if (Number(r.numUpdatedRows) === 0) {
      throw Conflict(action === 'retry' ? `Nur fehlgeschlagene Jobs können wiederholt werden (Status: ${job.status})` : `Nur wartende Jobs können abgebrochen werden (Status: ${job.status})`);
    }
    if (action === 'retry') await repo.notify(trx, job.type);
    const after = present((await repo.findJob(trx, id))!);
    await recordAudit(trx, ctx, { tenantId: job.tenant_id, action: `job.${action}`, entityType: 'job', entityId: String(id), before: present(job), after });
    return after;
  });
}

export const retryJob = (ctx: Ctx, id: number) => steer(ctx, id, 'retry');
export const cancelJob = (ctx: Ctx, id: number) => steer(ctx, id, 'cancel');
