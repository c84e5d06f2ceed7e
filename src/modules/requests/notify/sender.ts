// Sends the outbox. Each mail is claimed under a lease (FOR UPDATE SKIP LOCKED, see repo.claimNext),
// so two instances never send the same mail; the lease ends the moment the result is recorded, and
// a sender that dies mid-send leaves a lease that runs out, after which another instance retries.
// SMTP cannot promise more than that: a crash between the server's "250 OK" and our update means
// one mail twice, never none.
import nodemailer from 'nodemailer';
import type { Db } from '../../../server/db/connect.ts';
import * as repo from './repo.ts';

export type OutgoingMail = { to: string; subject: string; text: string };
export type Mailer = { send(m: OutgoingMail): Promise<void>; close(): void };

/** Longer than one SMTP conversation can take with the timeouts below. */
const LEASE_S = 300;
/** Mails per job run, so a run stays well inside its job's time limit; the next run goes on. */
const PER_RUN = 200;

export function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport({ url, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 }, { from });
  return {
    async send(m) {
      await transport.sendMail({ to: m.to, subject: m.subject, text: m.text });
    },
    close: () => transport.close(),
  };
}

/** 30 s, 1, 2, 4 … minutes, at most an hour: rides out a restarting mail server without hammering it. */
export const retryDelayS = (attempt: number) => Math.min(3600, 30 * 2 ** Math.max(0, attempt - 1));

/** A 5xx reply (unknown mailbox, refused sender) will not change by waiting; 4xx and network errors may. */
function isPermanent(err: unknown): boolean {
  const code = (err as { responseCode?: unknown }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

export type SendOptions = { maxAttempts: number; signal?: AbortSignal; perRun?: number; delayS?: (attempt: number) => number };
export type SendSummary = { sent: number; retrying: number; failed: number; skipped: number };

/** Sends due mails until none is due (or the run's share is done). Without a mailer (SMTP_URL
 *  empty) queued mails are marked skipped with the reason, instead of waiting forever unseen. */
export async function sendDueNotifications(db: Db, mailer: Mailer | null, o: SendOptions): Promise<SendSummary> {
  const summary: SendSummary = { sent: 0, retrying: 0, failed: 0, skipped: 0 };
  if (!mailer) {
    summary.skipped = await repo.skipQueued(db, 'E-Mail-Versand ist nicht eingerichtet (SMTP_URL leer)');
    return summary;
  }
  for (let i = 0; i < (o.perRun ?? PER_RUN) && !o.signal?.aborted; i++) {
    const mail = await repo.claimNext(db, LEASE_S);
    if (!mail) break;
    if (!mail.recipient) {
      // The address was deleted (retention) after the mail was queued.
      await repo.markAttemptFailed(db, mail.id, 'Empfängeradresse wurde gelöscht', null);
      summary.failed++;
      continue;
    }
    try {
      await mailer.send({ to: mail.recipient, subject: mail.subject, text: mail.body_text });
      await repo.markSent(db, mail.id);
      summary.sent++;
    } catch (err) {
      const retry = !isPermanent(err) && mail.attempts < o.maxAttempts ? (o.delayS ?? retryDelayS)(mail.attempts) : null;
      await repo.markAttemptFailed(db, mail.id, err instanceof Error ? err.message : String(err), retry);
      if (retry === null) summary.failed++;
      else summary.retrying++;
    }
  }
  return summary;
}
