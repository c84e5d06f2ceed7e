// Connector use cases: registering source systems (one key per platform per municipality,
// shown once), and taking a batch of events — checked as a whole (every bad event named, nothing
// counted if one is bad), folded into counters, and counted once however often it is delivered.
import { randomBytes } from 'node:crypto';
import type { Ctx } from '../../../server/http/context.ts';
import type { Db } from '../../../server/db/connect.ts';
import { AppError, Conflict, fieldIssuesOf, Forbidden, NotFound, ValidationFailed } from '../../../server/http/errors.ts';
import { recordAudit, requireTenantRole, sha256, tenantRef } from '../../core/index.ts';
import { Batch } from './vocabulary.ts';
import { eventsFromCsv, rowField } from './csv.ts';
import { foldBatch, type Source } from './fold.ts';
import * as repo from './repo.ts';

const KEY_PREFIX = 'ska_';

export async function registerSource(ctx: Ctx, slug: string, body: { name: string; platform: string }) {
  const tenant = await tenantRef(ctx, slug);
  const actor = requireTenantRole(ctx, tenant.id, 'admin', 'admin');
  const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return ctx.db.transaction().execute(async (trx) => {
    const row = await repo.insertSource(trx, { tenantId: tenant.id, name: body.name, platform: body.platform, keyHash: sha256(key), keyPrefix: key.slice(0, 10), createdBy: actor.userId });
    if (!row) throw Conflict(`Eine Quelle „${body.name}“ gibt es schon`, [{ field: 'name', message: 'Name schon vergeben' }]);
    await recordAudit(trx, ctx, { tenantId: tenant.id, action: 'analytics.source.create', entityType: 'analytics_source', entityId: row.id, after: { name: row.name, platform: row.platform } });
    return { ...row, key };
  });
}

export async function listSources(ctx: Ctx, slug: string) {
  const tenant = await tenantRef(ctx, slug);
  requireTenantRole(ctx, tenant.id, 'admin', 'read');
  return { items: await repo.listSources(ctx.db, tenant.id) };
}

export async function revokeSource(ctx: Ctx, slug: string, id: string) {
  const tenant = await tenantRef(ctx, slug);
  requireTenantRole(ctx, tenant.id, 'admin', 'admin');
  await ctx.db.transaction().execute(async (trx) => {
    const r = await repo.revokeSource(trx, tenant.id, id);
    if (!Number(r.numUpdatedRows)) throw NotFound(`Quelle ${id}`);
    await recordAudit(trx, ctx, { tenantId: tenant.id, action: 'analytics.source.revoke', entityType: 'analytics_source', entityId: id });
  });
}

/** The active source behind a key; 401 without one, 403 for an unknown or revoked key. */
export async function sourceOf(db: Db, key: string | undefined): Promise<Source> {
  if (!key) throw new AppError(401, 'unauthorized', 'Nicht angemeldet', 'X-Analytics-Key fehlt (Schlüssel der Quelle)');
  const source = await repo.sourceByKey(db, sha256(key));
  if (!source || source.revoked_at) throw Forbidden('Der Schlüssel gehört zu keiner aktiven Quelle');
  return source;
}

export async function ingest(db: Db, key: string | undefined, body: unknown) {
  const source = await sourceOf(db, key);
  const batch = Batch.safeParse(body);
  if (!batch.success) throw ValidationFailed(fieldIssuesOf(batch.error.issues));
  return foldBatch(db, source, batch.data.batch_id, batch.data.events.map((raw, i) => ({ at: `events.${i}`, raw })));
}

/** A CSV export as one batch; bad rows are named `rows.N` (N = data row, see csv.ts). */
export async function ingestCsv(db: Db, key: string | undefined, batchId: string | undefined, body: Buffer | string) {
  const source = await sourceOf(db, key);
  const id = batchId?.trim();
  if (!id || id.length > 100) throw ValidationFailed([{ field: 'batch_id', message: 'batch_id (1–100 Zeichen) als Abfrageparameter oder Kopfzeile X-Batch-Id' }]);
  const { events, issues } = eventsFromCsv(body);
  const entries = events.flatMap((raw, i) => (raw ? [{ at: rowField(i), raw }] : []));
  return foldBatch(db, source, id, entries, issues);
}
