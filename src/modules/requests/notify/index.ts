// Notifications of the requests module (e-mail over SMTP through an outbox). Other parts of the
// module use these, never the files behind them.
export { queueNotification, SEND_JOB, type NewNotice, type NotificationRecipient, type QueueResult } from './queue.ts';
export { forgetRecipients } from './repo.ts';
export { registerNotifyJobs } from './jobs.ts';
export { registerNotifyRoutes } from './routes.ts';
export { NOTIFICATION_KINDS, type NotificationKind, type StaffLevel } from './tables.ts';
export type { NoticeData } from './templates.ts';
