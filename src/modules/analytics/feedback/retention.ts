// Retention of feedback comments: ANALYTICS_COMMENT_RETENTION_DAYS after a comment was received
// it is deleted (the rating stays in the counters, which identify no one). The job queue runs the
// job once a day across all instances; the batches skip rows another run holds, so a manual run
// beside it neither waits nor counts a comment twice. Small batches keep each delete short, so
// the connector's inserts and the owners' reads never wait long behind it.
import type { Config } from '../../../server/config.ts';
import type { Db } from '../../../server/db/connect.ts';
import type { Ctx } from '../../../server/http/context.ts';
import { recordAudit, type JobRunner } from '../../core/index.ts';
import * as repo from './repo.ts';

export const COMMENT_RETENTION_JOB = 'analytics.comments.retention';

export type CommentRetentionResult = { deleted: number; batches: number; retention_days: number; cutoff: string; by_tenant: Record<string, number> };

export async function deleteExpiredComments(db: Db, o: { retentionDays: number; batchSize?: number; now?: Date; signal?: AbortSignal }): Promise<CommentRetentionResult> {
  const batchSize = o.batchSize ?? 1000;
  const cutoff = new Date((o.now ?? new Date()).getTime() - o.retentionDays * 86_400_000);
  const byTenant: Record<string, number> = {};
  let deleted = 0;
  let batches = 0;
  for (;;) {
    o.signal?.throwIfAborted();
    const rows = await repo.deleteExpired(db, cutoff, batchSize);
    for (const r of rows) byTenant[r.tenant_id] = (byTenant[r.tenant_id] ?? 0) + 1;
    deleted += rows.length;
    if (rows.length) batches++;
    if (rows.length < batchSize) break;
  }
  const result = { deleted, batches, retention_days: o.retentionDays, cutoff: cutoff.toISOString(), by_tenant: byTenant };
  // One entry per run, also when nothing was due: the log shows the job ran.
  const ctx: Ctx = { db, actor: { kind: 'system', label: `Aufbewahrungsfrist (${COMMENT_RETENTION_JOB})` } };
  await db.transaction().execute((trx) => recordAudit(trx, ctx, { tenantId: null, action: COMMENT_RETENTION_JOB, entityType: 'analytics_comments', entityId: null, after: result }));
  return result;
}

export function registerFeedbackJobs(jobs: JobRunner, { db, config }: { db: Db; config: Config }): void {
  jobs.register(COMMENT_RETENTION_JOB, (job) => deleteExpiredComments(db, { retentionDays: config.analyticsComments.retentionDays, signal: job.signal }), { maxAttempts: 3, timeoutS: 3600 });
  jobs.declareSchedule({ name: COMMENT_RETENTION_JOB, type: COMMENT_RETENTION_JOB, intervalSeconds: 86_400 });
}
