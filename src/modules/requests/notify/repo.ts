// The only SQL of request notifications: the outbox, and department contacts for escalations.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../server/db/types.ts';
import type { Audience, ContactRole, NotificationKind } from './tables.ts';

type Q = Kysely<Database>;

/** What a notification may say about a request, and who could receive it. */
export function requestForNotice(db: Q, requestId: string) {
  return db.selectFrom('requests_items as r')
    .innerJoin('requests_services as s', 's.id', 'r.service_id')
    .innerJoin('core_tenants as t', 't.id', 'r.tenant_id')
    .leftJoin('core_departments as d', 'd.id', 'r.department_id')
    .leftJoin('core_users as u', (j) => j.onRef('u.id', '=', 'r.assignee_id').on('u.disabled', '=', false))
    .select(['r.id', 'r.tenant_id', 'r.number', 'r.state', 'r.expected_at', 'r.contact_email', 'r.notify', 'r.personal_deleted_at', 'r.department_id',
      's.name as service_name', 't.name as tenant_name', 't.slug as tenant_slug', 'd.name as department_name', 'd.email as department_email', 'u.email as assignee_email'])
    .where('r.id', '=', requestId)
    .executeTakeFirst();
}
export type RequestForNotice = NonNullable<Awaited<ReturnType<typeof requestForNotice>>>;

export async function departmentContact(db: Q, departmentId: string, role: ContactRole): Promise<string | undefined> {
  const r = await db.selectFrom('requests_department_contacts').select('email').where('department_id', '=', departmentId).where('role', '=', role).executeTakeFirst();
  return r?.email;
}

export type NewNotification = {
  tenantId: string; requestId: string; kind: NotificationKind; audience: Audience; recipient: string | null; subject: string; bodyText: string;
  status: 'queued' | 'skipped'; lastError: string | null; dedupeKey: string;
};

/** Inserts once per dedupe key; returns the id, or undefined when the key was already there. */
export async function insertNotification(db: Q, n: NewNotification): Promise<string | undefined> {
  const r = await db.insertInto('requests_notifications').values({
    tenant_id: n.tenantId, request_id: n.requestId, kind: n.kind, audience: n.audience, recipient: n.recipient, subject: n.subject, body_text: n.bodyText,
    status: n.status, last_error: n.lastError, dedupe_key: n.dedupeKey,
  }).onConflict((oc) => oc.column('dedupe_key').doNothing()).returning('id').executeTakeFirst();
  return r?.id;
}

/** Takes the oldest due mail under a lease, counting the attempt now (a sender that dies mid-send
 *  still used one). SKIP LOCKED lets several instances claim side by side, never the same row. */
export async function claimNext(db: Q, leaseS: number) {
  const r = await sql<{ id: string; recipient: string; subject: string; body_text: string; attempts: number }>`
    UPDATE requests_notifications n SET attempts = n.attempts + 1, locked_until = now() + make_interval(secs => ${leaseS})
    WHERE n.id = (
      SELECT id FROM requests_notifications
      WHERE status = 'queued' AND next_attempt_at <= now() AND (locked_until IS NULL OR locked_until < now())
      ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING n.id, n.recipient, n.subject, n.body_text, n.attempts`.execute(db);
  return r.rows[0];
}

export function markSent(db: Q, id: string) {
  return db.updateTable('requests_notifications').set({ status: 'sent', sent_at: sql<Date>`now()`, locked_until: null, last_error: null }).where('id', '=', id).execute();
}

/** After a refused send: again after `retryInS`, or failed for good when that is null. */
export function markAttemptFailed(db: Q, id: string, error: string, retryInS: number | null) {
  return db.updateTable('requests_notifications').set({
    last_error: error.slice(0, 2000), locked_until: null,
    ...(retryInS === null ? { status: 'failed' as const } : { next_attempt_at: sql<Date>`now() + make_interval(secs => ${retryInS})` }),
  }).where('id', '=', id).execute();
}

/** E-mail switched off: queued mails become skipped with the reason, so nothing piles up unseen. */
export async function skipQueued(db: Q, reason: string): Promise<number> {
  const r = await db.updateTable('requests_notifications').set({ status: 'skipped', last_error: reason, locked_until: null })
    .where('status', '=', 'queued').executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Retention of personal data: the addresses go, the record that a mail was sent stays. */
export async function forgetRecipients(db: Q, requestId: string): Promise<void> {
  const mine = db.updateTable('requests_notifications').where('request_id', '=', requestId).where('audience', '=', 'citizen');
  await mine.set({ status: 'skipped', last_error: 'Kontaktdaten wurden gelöscht', locked_until: null }).where('status', '=', 'queued').execute();
  await mine.set({ recipient: null }).execute();
}

export function findDepartment(db: Q, tenantId: string, slug: string) {
  return db.selectFrom('core_departments').select(['id', 'slug', 'name', 'email']).where('tenant_id', '=', tenantId).where('slug', '=', slug).executeTakeFirst();
}

export function listContacts(db: Q, departmentId: string) {
  return db.selectFrom('requests_department_contacts').select(['role', 'email']).where('department_id', '=', departmentId).execute();
}

export function setContact(db: Q, c: { tenantId: string; departmentId: string; role: ContactRole; email: string }) {
  return db.insertInto('requests_department_contacts').values({ tenant_id: c.tenantId, department_id: c.departmentId, role: c.role, email: c.email })
    .onConflict((oc) => oc.columns(['department_id', 'role']).doUpdateSet({ email: c.email, updated_at: sql<Date>`now()` })).execute();
}

export function removeContact(db: Q, departmentId: string, role: ContactRole) {
  return db.deleteFrom('requests_department_contacts').where('department_id', '=', departmentId).where('role', '=', role).execute();
}
