// SQL of the retention of personal data: finding finished requests past the retention period
// (locked, skipping rows another instance holds), their photos, and the clearing itself.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../server/db/types.ts';

type Q = Kysely<Database>;

/**
 * Up to `limit` resolved or closed requests finished before `cutoff` whose personal fields were
 * not cleared yet, locked for the caller's transaction. SKIP LOCKED lets two instances (or a
 * manual run beside the schedule) work on different batches instead of waiting or doubling.
 */
export function dueForDeletion(db: Q, cutoff: Date, limit: number) {
  return db.selectFrom('requests_items').select(['id', 'tenant_id', 'contact_name', 'contact_email', 'contact_phone', 'notify'])
    // Literal states and the indexed expression, so the partial index requests_items_retention serves it.
    .where(sql<boolean>`personal_deleted_at IS NULL AND state IN ('resolved', 'closed') AND coalesce(closed_at, updated_at) < ${cutoff}`)
    .orderBy(sql`coalesce(closed_at, updated_at)`).limit(limit).forUpdate().skipLocked().execute();
}

export function photosOf(db: Q, requestIds: string[]) {
  return db.selectFrom('requests_photos').select(['id', 'request_id', 'file_id']).where('request_id', 'in', requestIds).execute();
}

export function deletePhotoRows(db: Q, requestIds: string[]) {
  return db.deleteFrom('requests_photos').where('request_id', 'in', requestIds).execute();
}

/** Clears the contact fields and the opt-in. updated_at stays: nothing a citizen or Open311 client sees changed. */
export function clearPersonal(db: Q, requestIds: string[], at: Date) {
  return db.updateTable('requests_items')
    .set({ contact_name: null, contact_email: null, contact_phone: null, notify: false, personal_deleted_at: at })
    .where('id', 'in', requestIds).execute();
}

/** One internal timeline event per request (counts only, never the deleted values). */
export function insertPrivacyEvents(db: Q, rows: { requestId: string; tenantId: string; at: Date; data: Record<string, unknown> }[]) {
  if (!rows.length) return Promise.resolve([]);
  return db.insertInto('requests_events').values(rows.map((r) => ({
    request_id: r.requestId, tenant_id: r.tenantId, at: r.at, kind: 'privacy', public: false,
    text: 'Personenbezogene Daten nach Ablauf der Aufbewahrungsfrist gelöscht', data: JSON.stringify(r.data),
  }))).execute();
}
