// The daily retention job. The job queue runs it once per day across all instances; the batches
// lock their rows with SKIP LOCKED as well, so a manual run beside it cannot double anything.
import type { Config } from '../../../server/config.ts';
import type { Db } from '../../../server/db/connect.ts';
import type { JobRunner } from '../../core/index.ts';
import { deleteExpiredPersonalData, RETENTION_JOB } from './service.ts';

export function registerPrivacyJobs(jobs: JobRunner, { db, config }: { db: Db; config: Config }): void {
  jobs.register(RETENTION_JOB, (job) => deleteExpiredPersonalData(db, { retentionDays: config.requestsPrivacy.retentionDays, signal: job.signal }), { maxAttempts: 3, timeoutS: 3600 });
  jobs.declareSchedule({ name: RETENTION_JOB, type: RETENTION_JOB, intervalSeconds: 86_400 });
}
