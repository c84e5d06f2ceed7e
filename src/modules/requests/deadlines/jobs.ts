// The jobs of service levels: a threshold reached (queued by recompute for its instant), and a
// sweep that recomputes open requests, so timers exist after a policy or calendar change too.
import { z } from 'zod';
import type { Db } from '../../../server/db/connect.ts';
import type { JobRunner } from '../../core/index.ts';
import { recompute, THRESHOLD_JOB } from './recompute.ts';
import { onThreshold } from './thresholds.ts';
import * as repo from './repo.ts';

export const SLA_SWEEP_JOB = 'requests.sla.sweep';
const Payload = z.object({ requestId: z.string().uuid(), clock: z.string(), cycle: z.number().int().min(0), percent: z.number().positive(), at: z.number() });

export async function sweep(db: Db, limit = 500) {
  let n = 0;
  for (const r of await repo.openWithPolicy(db, limit)) {
    await db.transaction().execute((trx) => recompute(trx, r.id));
    n++;
  }
  return { recomputed: n };
}

export function registerDeadlineJobs(jobs: JobRunner, { db }: { db: Db }): void {
  jobs.register(THRESHOLD_JOB, (job) => onThreshold(db, Payload.parse(job.payload)), { maxAttempts: 10, timeoutS: 60 });
  jobs.register(SLA_SWEEP_JOB, () => sweep(db), { maxAttempts: 3, timeoutS: 600 });
  jobs.declareSchedule({ name: SLA_SWEEP_JOB, type: SLA_SWEEP_JOB, intervalSeconds: 600 });
}
