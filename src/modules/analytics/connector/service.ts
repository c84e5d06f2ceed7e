// Connector use cases: registering source systems (one key per platform per municipality,
// shown once), and taking a batch of events — checked as a whole (every bad event named, nothing
// counted if one is bad), folded into counters, and counted once however often it is delivered.
import { createHash, randomBytes } from 'node:crypto';
import type { Ctx } from '../../../server/http/context.ts';
import type { Db } from '../../../server/db/connect.ts';
import { AppError, Conflict, fieldIssuesOf, Forbidden, NotFound, ValidationFailed, type FieldIssue } from '../../../server/http/errors.ts';
import { recordAudit, requireTenantRole, tenantRef } from '../../core/index.ts';
import { Batch, countersOf, Event, MAX_AGE_DAYS, type AnalyticsEvent } from './vocabulary.ts';
import { scrubComment } from '../feedback/scrub.ts';
import * as repo from './repo.ts';

const KEY_PREFIX = 'ska_';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

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

const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
const todayBerlin = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });

/** Checks every event; all problems at once, with the event's index in the field path. */
function checkEvents(raw: unknown[], ars: string): { events: AnalyticsEvent[]; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const events: AnalyticsEvent[] = [];
  const today = dayNumber(todayBerlin());
  raw.forEach((r, i) => {
    const p = Event.safeParse(r);
    if (!p.success) {
      issues.push(...fieldIssuesOf(p.error.issues, `events.${i}`));
      return;
    }
    const e = p.data;
    if (e.ars !== ars) issues.push({ field: `events.${i}.ars`, message: `${e.ars} ist nicht die Kommune dieser Quelle` });
    const d = dayNumber(e.day);
    if (Number.isNaN(d) || new Date(`${e.day}T00:00:00Z`).toISOString().slice(0, 10) !== e.day) issues.push({ field: `events.${i}.day`, message: `${e.day} ist kein Tag` });
    else if (d > today) issues.push({ field: `events.${i}.day`, message: `${e.day} liegt in der Zukunft` });
    else if (today - d > MAX_AGE_DAYS) issues.push({ field: `events.${i}.day`, message: `${e.day} liegt mehr als ${MAX_AGE_DAYS} Tage zurück` });
    events.push(e);
  });
  return { events, issues };
}

const commentOf = (tenantId: string, e: AnalyticsEvent, text: string) => ({
  tenant_id: tenantId, service_key: e.service_key, online_service: e.online_service, form_version: e.form_version ?? '', day: e.day,
  rating: e.type === 'feedback' ? e.rating : 0, comment: scrubComment(text),
});

export async function ingest(db: Db, key: string | undefined, body: unknown) {
  if (!key) throw new AppError(401, 'unauthorized', 'Nicht angemeldet', 'X-Analytics-Key fehlt (Schlüssel der Quelle)');
  const source = await repo.sourceByKey(db, sha256(key));
  if (!source || source.revoked_at) throw Forbidden('Der Schlüssel gehört zu keiner aktiven Quelle');
  const batch = Batch.safeParse(body);
  if (!batch.success) throw ValidationFailed(fieldIssuesOf(batch.error.issues));
  const { events, issues } = checkEvents(batch.data.events, source.ars);
  if (issues.length) throw ValidationFailed(issues);

  // Sum per counter first: one row per key in the upsert, whatever the batch repeats.
  const sums = new Map<string, repo.CounterDelta>();
  for (const e of events) {
    for (const c of countersOf(e)) {
      const row = { tenant_id: source.tenant_id, service_key: e.service_key, online_service: e.online_service, form_version: e.form_version ?? '', day: e.day, ...c, count: 0 };
      const k = JSON.stringify([row.service_key, row.online_service, row.form_version, row.day, row.metric, row.dimension]);
      (sums.get(k) ?? sums.set(k, row).get(k)!).count += e.count;
    }
  }
  const comments = events.flatMap((e) => (e.type === 'feedback' && e.comment ? [commentOf(source.tenant_id, e, e.comment)] : []))
    .filter((c) => c.comment.length > 0);
  return db.transaction().execute(async (trx) => {
    if (!(await repo.claimBatch(trx, source.id, batch.data.batch_id, events.length))) return { batch_id: batch.data.batch_id, duplicate: true, events: 0, counters: 0 };
    await repo.addCounters(trx, [...sums.values()]);
    await repo.addComments(trx, comments);
    return { batch_id: batch.data.batch_id, duplicate: false, events: events.length, counters: sums.size };
  });
}
