// SQL of the job queue. Claims use FOR UPDATE SKIP LOCKED so that any number of instances can
// poll one table and each job is taken by exactly one of them.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../server/db/types.ts';
import type { JobStatus } from '../tables.ts';

type Q = Kysely<Database>;

/** LISTEN/NOTIFY channel that wakes idle runners when a due job appears (payload: job type). */
export const NOTIFY_CHANNEL = 'core_jobs';

const RETURNING = ['id', 'type', 'payload', 'tenant_id', 'attempts', 'max_attempts'] as const;

/** Takes the oldest due job of the given types, marks it running, and returns it. */
export async function claimNext(db: Q, instanceId: string, types: string[]) {
  if (types.length === 0) return undefined;
  const r = await sql<{ id: number; type: string; payload: unknown; tenant_id: string | null; attempts: number; max_attempts: number }>`
    UPDATE core_jobs SET status = 'running', locked_by = ${instanceId}, locked_at = now(),
           started_at = now(), attempts = attempts + 1
     WHERE id = (SELECT id FROM core_jobs
                  WHERE status = 'queued' AND run_at <= now() AND type = ANY(${types}::text[])
                  ORDER BY run_at, id
                  FOR UPDATE SKIP LOCKED
                  LIMIT 1)
    RETURNING ${sql.join(RETURNING.map((c) => sql.ref(c)))}`.execute(db);
  return r.rows[0];
}

/** A claimed job as the runner holds it. `attempts` doubles as a fencing token: only the claim
 *  that is still current may finish, extend or release the job (a recovered job may run
 *  elsewhere by now, possibly under the same instance id after a restart). */
export type Claim = { id: number; attempts: number };
const held = (id: number, instanceId: string, attempts: number) =>
  sql<boolean>`id = ${id} AND status = 'running' AND locked_by = ${instanceId} AND attempts = ${attempts}`;

export function markSucceeded(db: Q, c: Claim, instanceId: string, resultJson: string) {
  return db
    .updateTable('core_jobs')
    .set({ status: 'succeeded', finished_at: sql`now()`, locked_by: null, locked_at: null, result: resultJson, last_error: null })
    .where(held(c.id, instanceId, c.attempts))
    .execute();
}

export function markFailed(db: Q, c: Claim, instanceId: string, error: string, retryInS: number | null) {
  return db
    .updateTable('core_jobs')
    .set(
      retryInS === null
        ? { status: 'failed', finished_at: sql`now()`, locked_by: null, locked_at: null, last_error: error }
        : { status: 'queued', run_at: sql`now() + make_interval(secs => ${retryInS})`, locked_by: null, locked_at: null, last_error: error },
    )
    .where(held(c.id, instanceId, c.attempts))
    .execute();
}

/** Gives a job back without counting the attempt (the instance shuts down, not the job's fault). */
export function release(db: Q, c: Claim, instanceId: string) {
  return db
    .updateTable('core_jobs')
    .set({ status: 'queued', run_at: sql`now()`, attempts: sql`attempts - 1`, locked_by: null, locked_at: null })
    .where(held(c.id, instanceId, c.attempts))
    .execute();
}

/** Keeps the locks of jobs that are still running here fresh, so long jobs are not "recovered". */
export async function heartbeat(db: Q, instanceId: string, claims: Claim[]): Promise<void> {
  if (claims.length === 0) return;
  await sql`
    UPDATE core_jobs SET locked_at = now()
     WHERE status = 'running' AND locked_by = ${instanceId}
       AND (id, attempts) IN (SELECT * FROM unnest(${claims.map((c) => c.id)}::bigint[], ${claims.map((c) => c.attempts)}::int[]))`.execute(db);
}

/** Wakes listening runners when the transaction commits (NOTIFY is transactional). */
export async function notify(db: Q, type: string): Promise<void> {
  await sql`SELECT pg_notify(${NOTIFY_CHANNEL}, ${type})`.execute(db);
}

/** Running jobs whose instance went silent: back to the queue, or failed when out of attempts. */
export async function recoverStale(db: Q, lockTimeoutS: number): Promise<number> {
  const r = await sql`
    UPDATE core_jobs SET
      status = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'queued' END,
      finished_at = CASE WHEN attempts >= max_attempts THEN now() ELSE NULL END,
      run_at = now(), locked_by = NULL, locked_at = NULL,
      last_error = 'Abgebrochen: Instanz ' || coalesce(locked_by, '?') || ' hat sich nicht zurückgemeldet'
    WHERE id IN (SELECT id FROM core_jobs WHERE status = 'running'
                   AND locked_at < now() - make_interval(secs => ${lockTimeoutS})
                   FOR UPDATE SKIP LOCKED)`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

export type NewJob = { type: string; payload: unknown; tenantId: string | null; runAt: Date | null; maxAttempts: number; uniqueKey: string | null; scheduleName: string | null };

/** Inserts a job; with a unique key, returns the pending job that already holds it instead.
 *  A job that is due now also notifies listening runners, in the same statement. */
export async function insertJob(db: Q, j: NewJob): Promise<number> {
  const r = await sql<{ id: number }>`
    WITH ins AS (
      INSERT INTO core_jobs (type, payload, tenant_id, run_at, max_attempts, unique_key, schedule_name)
      VALUES (${j.type}, ${JSON.stringify(j.payload ?? {})}::jsonb, ${j.tenantId}, coalesce(${j.runAt}::timestamptz, now()),
              ${j.maxAttempts}, ${j.uniqueKey}, ${j.scheduleName})
      ON CONFLICT (unique_key) WHERE unique_key IS NOT NULL AND status IN ('queued', 'running') DO NOTHING
      RETURNING id, type, run_at)
    SELECT id, CASE WHEN run_at <= now() THEN pg_notify(${NOTIFY_CHANNEL}, type) END AS notified FROM ins`.execute(db);
  if (r.rows[0]) return r.rows[0].id;
  const existing = await db.selectFrom('core_jobs').select('id').where('unique_key', '=', j.uniqueKey).where('status', 'in', ['queued', 'running']).executeTakeFirst();
  if (!existing) throw new Error(`job with unique key ${j.uniqueKey} vanished while enqueuing`);
  return existing.id;
}

/** Several jobs in one statement (for callers that queue many, e.g. SLA timers); jobs whose
 *  unique key is already pending are skipped. Due ones notify listening runners. */
export async function insertJobs(db: Q, jobs: NewJob[]): Promise<void> {
  if (!jobs.length) return;
  const rows = sql.join(jobs.map((j) => sql`(${j.type}, ${JSON.stringify(j.payload ?? {})}::jsonb, ${j.tenantId}::uuid, coalesce(${j.runAt}::timestamptz, now()), ${j.maxAttempts}::int, ${j.uniqueKey}, ${j.scheduleName})`));
  await sql`
    WITH ins AS (
      INSERT INTO core_jobs (type, payload, tenant_id, run_at, max_attempts, unique_key, schedule_name) VALUES ${rows}
      ON CONFLICT (unique_key) WHERE unique_key IS NOT NULL AND status IN ('queued', 'running') DO NOTHING
      RETURNING type, run_at)
    SELECT pg_notify(${NOTIFY_CHANNEL}, type) FROM (SELECT DISTINCT type FROM ins WHERE run_at <= now()) due`.execute(db);
}

export function upsertSchedule(db: Q, s: { name: string; type: string; payload: unknown; tenantId: string | null; intervalSeconds: number }) {
  return db
    .insertInto('core_job_schedules')
    .values({ name: s.name, type: s.type, payload: JSON.stringify(s.payload ?? {}), tenant_id: s.tenantId, interval_seconds: s.intervalSeconds, next_run_at: sql`now()` })
    .onConflict((oc) => oc.column('name').doUpdateSet({ type: s.type, payload: JSON.stringify(s.payload ?? {}), tenant_id: s.tenantId, interval_seconds: s.intervalSeconds }))
    .execute();
}

/** Locks the due schedules (skipping those another instance holds) and moves each to its next
 *  occurrence after now, so missed intervals collapse into one run instead of a burst. */
export async function takeDueSchedules(db: Q) {
  const r = await sql<{ name: string; type: string; payload: unknown; tenant_id: string | null }>`
    UPDATE core_job_schedules s SET
      last_enqueued_at = now(),
      next_run_at = s.next_run_at + make_interval(secs => s.interval_seconds *
        (floor(extract(epoch FROM now() - s.next_run_at) / s.interval_seconds) + 1))
    WHERE s.name IN (SELECT name FROM core_job_schedules WHERE enabled AND next_run_at <= now() FOR UPDATE SKIP LOCKED)
    RETURNING s.name, s.type, s.payload, s.tenant_id`.execute(db);
  return r.rows;
}

// ---- reads and administration
export type JobFilter = { tenantIds?: string[]; includeUntenanted: boolean; status?: JobStatus; type?: string; limit: number; offset: number };

export async function listJobs(db: Q, f: JobFilter) {
  let q = db.selectFrom('core_jobs as j').leftJoin('core_tenants as t', 't.id', 'j.tenant_id');
  if (f.tenantIds) {
    const ids = f.tenantIds;
    q = q.where((eb) => eb.or([...(ids.length ? [eb('j.tenant_id', 'in', ids)] : []), ...(f.includeUntenanted ? [eb('j.tenant_id', 'is', null)] : []), eb.val(false)]));
  }
  if (f.status) q = q.where('j.status', '=', f.status);
  if (f.type) q = q.where('j.type', '=', f.type);
  const [rows, count] = await Promise.all([
    q.selectAll('j').select('t.slug as tenant_slug').orderBy('j.id', 'desc').limit(f.limit).offset(f.offset).execute(),
    q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.n };
}

/** With `lock`, the job row stays locked until the transaction ends (retry, cancel). */
export function findJob(db: Q, id: number, lock = false) {
  const q = db.selectFrom('core_jobs as j').leftJoin('core_tenants as t', 't.id', 'j.tenant_id').selectAll('j').select('t.slug as tenant_slug').where('j.id', '=', id);
  return (lock ? q.forUpdate('j') : q).executeTakeFirst();
}

export function listSchedules(db: Q, tenantIds?: string[]) {
  let q = db.selectFrom('core_job_schedules as s').leftJoin('core_tenants as t', 't.id', 's.tenant_id').selectAll('s').select('t.slug as tenant_slug');
  if (tenantIds) q = q.where('s.tenant_id', 'in', tenantIds.length ? tenantIds : ['00000000-0000-0000-0000-000000000000']);
  return q.orderBy('s.name').execute();
}

/** A failed job gets one more attempt, now. */
export function requeueFailed(db: Q, id: number) {
  return db
    .updateTable('core_jobs')
    .set({ status: 'queued', run_at: sql`now()`, max_attempts: sql`attempts + 1`, finished_at: null })
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .executeTakeFirst();
}

export function cancelQueued(db: Q, id: number) {
  return db.updateTable('core_jobs').set({ status: 'cancelled', finished_at: sql`now()` }).where('id', '=', id).where('status', '=', 'queued').executeTakeFirst();
}

export function deleteOldFinished(db: Q, days: number) {
  return db.deleteFrom('core_jobs').where('status', 'in', ['succeeded', 'cancelled']).where('finished_at', '<', sql<Date>`now() - make_interval(days => ${days})`).executeTakeFirst();
}

export function deleteExpiredSessions(db: Q) {
  return db.deleteFrom('core_sessions').where('expires_at', '<', sql<Date>`now()`).executeTakeFirst();
}
