// The jobs of scheduled refresh, automatic first load and retention. Each is idempotent: it
// looks at the database as it is now (due refreshes, never-loaded resources, expired versions).
import type { Config } from '../../../server/config.ts';
import type { Db } from '../../../server/db/connect.ts';
import type { JobRunner } from '../../core/index.ts';
import { dropExpiredVersions, enqueueDueRefreshes, enqueueFirstLoads } from './service.ts';

export const REFRESH_JOB = 'datastore.refresh';
export const AUTOLOAD_JOB = 'datastore.autoload';
export const RETENTION_JOB = 'datastore.retention';

export function registerVersionJobs(jobs: JobRunner, { db, config }: { db: Db; config: Config }): void {
  const v = config.datastoreVersions;
  jobs.register(REFRESH_JOB, () => enqueueDueRefreshes(db, jobs), { maxAttempts: 3, timeoutS: 300 });
  jobs.declareSchedule({ name: REFRESH_JOB, type: REFRESH_JOB, intervalSeconds: 60 });
  jobs.register(RETENTION_JOB, () => dropExpiredVersions(db, v.keepDays), { maxAttempts: 3, timeoutS: 1800 });
  jobs.declareSchedule({ name: RETENTION_JOB, type: RETENTION_JOB, intervalSeconds: 86_400 });
  // Registered even when switched off (DATASTORE_AUTOLOAD=false), so the schedule's jobs end.
  jobs.register(AUTOLOAD_JOB, async () => (v.autoLoad ? enqueueFirstLoads(db, jobs, v.autoLoadPerRun, `${config.publicUrl.replace(/\/+$/, '')}/api/`) : { enqueued: 0, off: true }), { maxAttempts: 3, timeoutS: 300 });
  jobs.declareSchedule({ name: AUTOLOAD_JOB, type: AUTOLOAD_JOB, intervalSeconds: 300 });
}
