// The job that runs a datastore load. A load is idempotent: a finished one is not run again,
// and a crashed attempt's half-built tables are dropped by the next attempt.
import type { Config } from '../../../server/config.ts';
import type { Db } from '../../../server/db/connect.ts';
import type { JobRunner } from '../../core/index.ts';
import { runLoad } from './load.ts';
import { LOAD_JOB } from './service.ts';

export function registerIngestJobs(jobs: JobRunner, { db, config }: { db: Db; config: Config }): void {
  jobs.register(LOAD_JOB, async (job) => {
    const { loadId } = job.payload as { loadId: number };
    const l = config.datastoreLoad;
    return runLoad(db, loadId, { maxBytes: l.maxBytes, timeoutMs: l.fetchTimeoutMs, allowPrivate: l.allowPrivate }, job.signal);
  }, { maxAttempts: 6, timeoutS: 3600 });
}
