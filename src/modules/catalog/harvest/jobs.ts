// Harvest runs as background jobs. A run is the job `catalog.harvest` {sourceId, full}; its
// unique key (one per source) means a source never has two runs queued or running, whether the
// scheduler or an administrator asked for it.
//
// Scheduling: one recurring job, `catalog.harvest-scheduler` (every minute), enqueues the runs of
// sources whose next_run_at has come and moves next_run_at on, in one transaction with
// FOR UPDATE SKIP LOCKED. We chose this over one core schedule per source because the sources
// table then stays the only truth about "when": creating, editing, disabling or deleting a
// source needs no second record kept in sync (core schedules have no delete), and N instances
// still enqueue each due run exactly once.
import { z } from 'zod';
import type { Db } from '../../../server/db/connect.ts';
import type { JobRunner } from '../../core/index.ts';
import { DEFAULT_LIMITS, type HarvestLimits } from './http.ts';
import { runHarvest } from './run.ts';
import * as hrepo from './repo.ts';

export const HARVEST_JOB = 'catalog.harvest';
export const SCHEDULER_JOB = 'catalog.harvest-scheduler';
const MAX_ATTEMPTS = 3;

const Payload = z.object({ sourceId: z.uuid(), full: z.boolean().optional() });

export type HarvestJobOptions = { allowPrivate?: boolean; limits?: Partial<HarvestLimits> };

export function registerHarvestJobs(jobs: JobRunner, db: Db, { allowPrivate = false, limits = {} }: HarvestJobOptions = {}): void {
  const total = limits.totalTimeMs ?? DEFAULT_LIMITS.totalTimeMs;
  jobs.register(
    HARVEST_JOB,
    async (job) => {
      const p = Payload.safeParse(job.payload);
      if (!p.success) throw new Error(`Ungültiger Auftrag: ${p.error.issues.map((i) => i.message).join('; ')}`);
      // A source that serves garbage ends its run as failed and the job as done (the run log
      // says why); only our own failures (database) throw, so the job is retried.
      return runHarvest(db, p.data.sourceId, { jobId: job.id, full: p.data.full, signal: job.signal, limits, allowPrivate });
    },
    // The fetch phase stops itself at the run's time limit; writing gets a quarter hour more.
    { maxAttempts: MAX_ATTEMPTS, timeoutS: Math.ceil(total / 1000) + 900 },
  );
  jobs.register(SCHEDULER_JOB, async () => ({ enqueued: await enqueueDue(jobs, db) }), { maxAttempts: 1, timeoutS: 60 });
  jobs.declareSchedule({ name: SCHEDULER_JOB, type: SCHEDULER_JOB, intervalSeconds: 60 });
}

export function enqueueHarvest(jobs: JobRunner, source: { id: string; tenant_id: string }, full: boolean, db?: Db): Promise<number> {
  return jobs.enqueue(HARVEST_JOB, { sourceId: source.id, full }, { tenantId: source.tenant_id, uniqueKey: `${HARVEST_JOB}:${source.id}`, maxAttempts: MAX_ATTEMPTS, db });
}

/** Enqueues the runs of all due sources; returns how many. */
export async function enqueueDue(jobs: JobRunner, db: Db): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const due = await hrepo.takeDueSources(trx);
    for (const s of due) await enqueueHarvest(jobs, s, false, trx);
    return due.length;
  });
}
