// Retention of personal data (issue 6, item 7): the contact fields, the e-mail opt-in and the
// photos of a request are kept only while staff may need them — until REQUESTS_PERSONAL_RETENTION_DAYS
// after it was resolved or closed. Then they are deleted, batch by batch, each batch in one
// transaction (files, photo rows, contact fields, outbox recipients, timeline event together),
// and every run leaves audit entries with the counts. What remains is anonymous: the case, its
// place, description and history, so the public figures stay right.
import type { Db } from '../../../server/db/connect.ts';
import type { Ctx } from '../../../server/http/context.ts';
import { deleteFile, recordAudit } from '../../core/index.ts';
import { forgetRecipients } from '../notify/index.ts';
import * as repo from './repo.ts';

export const RETENTION_JOB = 'requests.privacy.retention';

export type RetentionResult = { requests: number; photos: number; contactFields: number; batches: number; retentionDays: number; cutoff: string };

type Counts = { requests: number; photos: number; contactFields: number };

export async function deleteExpiredPersonalData(db: Db, o: { retentionDays: number; batchSize?: number; now?: Date; signal?: AbortSignal }): Promise<RetentionResult> {
  const now = o.now ?? new Date();
  const batchSize = o.batchSize ?? 500;
  const cutoff = new Date(now.getTime() - o.retentionDays * 86_400_000);
  const total: Counts = { requests: 0, photos: 0, contactFields: 0 };
  const perTenant = new Map<string, Counts>();
  let batches = 0;
  for (;;) {
    o.signal?.throwIfAborted();
    const n = await db.transaction().execute(async (trx) => {
      const rows = await repo.dueForDeletion(trx, cutoff, batchSize);
      if (!rows.length) return 0;
      const ids = rows.map((r) => r.id);
      const photos = await repo.photosOf(trx, ids);
      // Rows first: they reference the files.
      await repo.deletePhotoRows(trx, ids);
      for (const p of photos) await deleteFile(trx, p.file_id);
      await repo.clearPersonal(trx, ids, now);
      for (const id of ids) await forgetRecipients(trx, id);
      const events = rows.map((r) => {
        const contactFields = [r.contact_name, r.contact_email, r.contact_phone].filter((v) => v !== null).length;
        const photoCount = photos.filter((p) => p.request_id === r.id).length;
        const c = perTenant.get(r.tenant_id) ?? { requests: 0, photos: 0, contactFields: 0 };
        perTenant.set(r.tenant_id, { requests: c.requests + 1, photos: c.photos + photoCount, contactFields: c.contactFields + contactFields });
        return { requestId: r.id, tenantId: r.tenant_id, at: now, data: { contact_fields: contactFields, photos: photoCount, retention_days: o.retentionDays } };
      });
      await repo.insertPrivacyEvents(trx, events);
      total.photos += photos.length;
      total.contactFields += events.reduce((s, e) => s + (e.data.contact_fields as number), 0);
      return rows.length;
    });
    total.requests += n;
    if (n) batches++;
    if (n < batchSize) break;
  }
  const result = { ...total, batches, retentionDays: o.retentionDays, cutoff: cutoff.toISOString() };
  await writeAudit(db, perTenant, result);
  return result;
}

/** One entry per affected municipality (its admins see it in their log) and one platform-wide per run, also when nothing was due. */
async function writeAudit(db: Db, perTenant: Map<string, Counts>, result: RetentionResult) {
  const ctx: Ctx = { db, actor: { kind: 'system', label: 'Aufbewahrungsfrist (requests.privacy.retention)' } };
  await db.transaction().execute(async (trx) => {
    for (const [tenantId, c] of perTenant) {
      await recordAudit(trx, ctx, { tenantId, action: 'requests.privacy.retention', entityType: 'request_personal_data', entityId: null,
        after: { ...c, retentionDays: result.retentionDays, cutoff: result.cutoff } });
    }
    await recordAudit(trx, ctx, { tenantId: null, action: 'requests.privacy.retention', entityType: 'request_personal_data', entityId: null, after: result });
  });
}
