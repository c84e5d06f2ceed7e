// The sender job. queueNotification enqueues one per mail (sent right after the caller commits);
// the schedule picks up retries that are due and anything a lost job left behind.
import type { Config } from '../../../server/config.ts';
import type { Db } from '../../../server/db/connect.ts';
import type { JobRunner } from '../../core/index.ts';
import { SEND_JOB } from './queue.ts';
import { sendDueNotifications, smtpMailer } from './sender.ts';
import { configureNotifications } from './settings.ts';

export function registerNotifyJobs(jobs: JobRunner, { db, config }: { db: Db; config: Config }): void {
  configureNotifications({ publicUrl: config.publicUrl });
  jobs.register(SEND_JOB, async (job) => {
    const mailer = config.mail.smtpUrl ? smtpMailer(config.mail.smtpUrl, config.mail.from) : null;
    try {
      return await sendDueNotifications(db, mailer, { maxAttempts: config.mail.maxAttempts, signal: job.signal });
    } finally {
      mailer?.close();
    }
  }, { maxAttempts: 3, timeoutS: 900 });
  jobs.declareSchedule({ name: SEND_JOB, type: SEND_JOB, intervalSeconds: 30 });
}
