// Checking attachments against their schema, as jobs: attaching, a new schema version and a
// changed table mark the attachment `pending` and queue `datastore.schema.validate` (one per
// attachment at a time: unique key), which validates over all rows and writes the report. A sweep
// every minute queues the attachments whose table changed since their check, and re-queues
// pending ones whose job was lost. The job is idempotent: it checks the table as it is now.
import { sql } from 'kysely';
import type { Db } from '../../../server/db/connect.ts';
import type { JobRunner } from '../../core/index.ts';
import { validateTable, type Report } from './validate.ts';
import * as repo from './repo.ts';

export const VALIDATE_JOB = 'datastore.schema.validate';
export const SWEEP_JOB = 'datastore.schema.sweep';
export const SWEEP_SECONDS = 60;
const SWEEP_BATCH = 1000;

export function registerSchemaJobs(jobs: JobRunner, { db }: { db: Db }): void {
  jobs.register(VALIDATE_JOB, (job) => runCheck(db, job.payload as CheckPayload), { maxAttempts: 5, timeoutS: 3600 });
  jobs.register(SWEEP_JOB, async () => ({ queued: await queueStale(db, jobs, { pending: true }) }), { maxAttempts: 3, timeoutS: 300 });
  jobs.declareSchedule({ name: SWEEP_JOB, type: SWEEP_JOB, intervalSeconds: SWEEP_SECONDS });
}

type CheckPayload = { schemaId: string; resourceId: string };

/** Validates one attachment against the schema now and stores the report (in the caller's transaction). */
export async function validateAttachment(db: Db, schema: repo.SchemaRow, resourceId: string, tenantId: string, attachedBy: string): Promise<Report> {
  // Lock the served table's row so that a swap cannot happen between reading it and its rows.
  // updated_at as text: a JavaScript Date would cut the microseconds that the comparisons need.
  const table = await db.selectFrom('datastore_tables').selectAll().select(sql<string>`updated_at::text`.as('updated_exact'))
    .where('resource_id', '=', resourceId).forKeyShare().executeTakeFirst();
  const report = await validateTable(db, table as Parameters<typeof validateTable>[1], schema.table_schema);
  await repo.upsertAttachment(db, {
    schema_id: schema.id, resource_id: resourceId, tenant_id: tenantId, attached_by: attachedBy,
    status: report.status, report, schema_version: schema.version, table_version: table?.version ?? null, table_updated_at: table?.updated_exact ?? null,
  });
  return report;
}

/** Where checks run: queued as jobs (HTTP requests), or at once (the demo seed, without a runner). */
export type Checks = JobRunner | 'now';

/** Checks an attachment (in the caller's transaction `trx`): marks it pending and queues its
 *  check, or with 'now' validates it here. */
export async function check(trx: Db, checks: Checks, schema: repo.SchemaRow, a: { resource_id: string; tenant_id: string; attached_by: string }): Promise<void> {
  if (checks === 'now') {
    await validateAttachment(trx, schema, a.resource_id, a.tenant_id, a.attached_by);
    return;
  }
  await repo.upsertPending(trx, { schema_id: schema.id, resource_id: a.resource_id, tenant_id: a.tenant_id, attached_by: a.attached_by, schema_version: schema.version });
  await queueCheck(trx, checks, { schema_id: schema.id, resource_id: a.resource_id, tenant_id: a.tenant_id });
}

/** Queues the check of an attachment that is pending already, with the caller's writes (`trx`). */
export function queueCheck(trx: Db, jobs: JobRunner, a: { schema_id: string; resource_id: string; tenant_id: string }): Promise<number> {
  return jobs.enqueue(VALIDATE_JOB, { schemaId: a.schema_id, resourceId: a.resource_id } satisfies CheckPayload, {
    tenantId: a.tenant_id, uniqueKey: `${VALIDATE_JOB}:${a.schema_id}:${a.resource_id}`, db: trx,
  });
}

/** The job: checks the attachment as the schema and its table are now. A detached one is skipped. */
export async function runCheck(db: Db, p: CheckPayload): Promise<{ status: string }> {
  return db.transaction().execute(async (trx) => {
    const a = await repo.findAttachment(trx, p.schemaId, p.resourceId, true);
    const schema = a && (await repo.findSchemaById(trx, p.schemaId));
    if (!a || !schema) return { status: 'detached' };
    return { status: (await validateAttachment(trx, schema, p.resourceId, a.tenant_id, a.attached_by)).status };
  });
}

/** Marks the attachments whose table or schema changed since their check pending and queues their
 *  checks (with `pending`, also re-queues pending ones). Returns how many were queued. */
export async function queueStale(db: Db, jobs: JobRunner, o: { schemaId?: string; pending: boolean }): Promise<number> {
  const stale = await repo.staleAttachments(db, { ...o, limit: SWEEP_BATCH });
  for (const a of stale) {
    await db.transaction().execute(async (trx) => {
      if (a.status !== 'pending') await repo.markPending(trx, a.schema_id, a.resource_id);
      await queueCheck(trx, jobs, a);
    });
  }
  return stale.length;
}
