// queueNotification: what other code of the requests module calls, inside its own transaction,
// when something happened that someone should hear about. It finds the recipient, renders the
// mail and writes it to the outbox together with a job that sends it; a rolled-back transaction
// takes both with it. The dedupe key makes each notification happen at most once.
import type { Kysely } from 'kysely';
import type { Database } from '../../../server/db/types.ts';
import { enqueueJob } from '../../core/index.ts';
import * as repo from './repo.ts';
import { noticeData, renderCitizen, renderStaff, type NoticeFacts } from './templates.ts';
import type { Audience, NotificationKind, StaffLevel } from './tables.ts';
import { notifySettings, staffCaseUrl } from './settings.ts';

export const SEND_JOB = 'requests.notify.send';

export type NotificationRecipient = { citizen: true } | { level: StaffLevel };
export type NewNotice = {
  tenantId: string;
  requestId: string;
  kind: NotificationKind;
  to: NotificationRecipient;
  /** Facts for the template (see NoticeData in templates.ts: trackingUrl, publicText, fromState,
   *  toState, expectedAt, reason, target, percent, dueAt). Other keys are ignored. */
  data: Record<string, unknown>;
  /** Globally unique per notification, e.g. `status:${requestId}:${eventId}`; a repeat is ignored. */
  dedupeKey: string;
};
/** queued: in the outbox; skipped: nobody to tell (recorded, not sent); duplicate: the key was used before. */
export type QueueResult = { status: 'queued' | 'skipped' | 'duplicate'; id?: string };

const CITIZEN_KINDS = ['acknowledged', 'status', 'new_date', 'public_update'] as const;
const isCitizenKind = (k: NotificationKind): k is (typeof CITIZEN_KINDS)[number] => (CITIZEN_KINDS as readonly string[]).includes(k);

export async function queueNotification(trx: Kysely<Database>, n: NewNotice): Promise<QueueResult> {
  const r = await repo.requestForNotice(trx, n.requestId);
  if (!r || r.tenant_id !== n.tenantId) throw new Error(`queueNotification: request ${n.requestId} is not one of tenant ${n.tenantId}`);
  const audience: Audience = 'citizen' in n.to ? 'citizen' : n.to.level;
  if ((audience === 'citizen') !== isCitizenKind(n.kind)) throw new Error(`queueNotification: ${n.kind} does not go to ${audience}`);

  const facts: NoticeFacts = { number: r.number, serviceName: r.service_name, tenantName: r.tenant_name, departmentName: r.department_name, state: r.state, expectedAt: r.expected_at };
  const data = noticeData(n.data);
  const { publicUrl } = notifySettings();
  const mail = audience === 'citizen'
    ? renderCitizen(n.kind as (typeof CITIZEN_KINDS)[number], facts, data, publicUrl)
    : renderStaff(n.kind as 'sla_warning' | 'sla_escalation', audience, facts, data, staffCaseUrl(publicUrl, r.number));
  const to = audience === 'citizen' ? citizenAddress(r) : await staffAddress(trx, r, audience);

  const id = await repo.insertNotification(trx, {
    tenantId: n.tenantId, requestId: n.requestId, kind: n.kind, audience, recipient: to.email, subject: mail.subject, bodyText: mail.body,
    status: to.email ? 'queued' : 'skipped', lastError: to.why ?? null, dedupeKey: n.dedupeKey,
  });
  if (!id) return { status: 'duplicate' };
  if (!to.email) return { status: 'skipped', id };
  // One job per mail, sent right after commit; the job drains every due mail, and the schedule in
  // jobs.ts picks up retries.
  await enqueueJob(trx, SEND_JOB, {}, { tenantId: n.tenantId });
  return { status: 'queued', id };
}

type Address = { email: string; why?: undefined } | { email: null; why: string };

function citizenAddress(r: repo.RequestForNotice): Address {
  if (r.personal_deleted_at) return { email: null, why: 'Kontaktdaten wurden gelöscht' };
  if (!r.contact_email) return { email: null, why: 'keine E-Mail-Adresse angegeben' };
  if (!r.notify) return { email: null, why: 'keine Benachrichtigung gewünscht' };
  return { email: r.contact_email };
}

/** Assignee, else team lead; team lead and head of unit from the department's contacts, else the
 *  department's own address. */
async function staffAddress(db: Kysely<Database>, r: repo.RequestForNotice, level: StaffLevel): Promise<Address> {
  if (level === 'assignee' && r.assignee_email) return { email: r.assignee_email };
  if (!r.department_id) return { email: null, why: 'Anliegen ist keiner Abteilung zugeordnet' };
  const contact = await repo.departmentContact(db, r.department_id, level === 'headOfUnit' ? 'head_of_unit' : 'team_lead');
  const email = contact ?? r.department_email;
  return email ? { email } : { email: null, why: `Abteilung „${r.department_name ?? '?'}“ hat keine E-Mail-Adresse` };
}
