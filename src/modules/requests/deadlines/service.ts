// Service-level settings of a municipality: its business calendar and each service's ordered
// policies. Both are validated with the engine's own schemas (German messages per field); a
// change recomputes the municipality's open requests in the background (sweep job).
import type { Ctx } from '../../../server/http/context.ts';
import { BadRequest, fieldIssuesOf, NotFound } from '../../../server/http/errors.ts';
import { enqueueJob, requireTenantRole, tenantRef } from '../../core/index.ts';
import { SlaCalendarConfig, SlaServicePolicies } from '../sla/contract.ts';
import { DEFAULT_CALENDAR } from './calendar-store.ts';
import { SLA_SWEEP_JOB } from './jobs.ts';
import * as repo from './repo.ts';

export async function getCalendar(ctx: Ctx, slug: string) {
  const t = await tenantRef(ctx, slug);
  const row = await repo.calendarOf(ctx.db, t.id);
  return { tenant: t.slug, default: !row, config: row?.config ?? DEFAULT_CALENDAR };
}

export async function putCalendar(ctx: Ctx, slug: string, body: unknown) {
  const t = await tenantRef(ctx, slug);
  requireTenantRole(ctx, t.id, 'admin', 'write');
  const parsed = SlaCalendarConfig.safeParse(body);
  if (!parsed.success) throw BadRequest('Der Kalender ist nicht verwendbar', fieldIssuesOf(parsed.error.issues));
  await ctx.db.transaction().execute(async (trx) => {
    await repo.saveCalendar(trx, t.id, parsed.data);
    await enqueueJob(trx, SLA_SWEEP_JOB, {}, { tenantId: t.id });
  });
  return { tenant: t.slug, default: false, config: parsed.data };
}

export async function putServicePolicies(ctx: Ctx, slug: string, code: string, body: unknown) {
  const t = await tenantRef(ctx, slug);
  requireTenantRole(ctx, t.id, 'admin', 'write');
  const parsed = body === null ? { success: true as const, data: null } : SlaServicePolicies.safeParse(body);
  if (!parsed.success) throw BadRequest('Die SLA-Richtlinien sind nicht verwendbar', fieldIssuesOf(parsed.error.issues));
  return ctx.db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('requests_services').set({ sla_policy: parsed.data === null ? null : JSON.stringify(parsed.data) })
      .where('tenant_id', '=', t.id).where('code', '=', code).executeTakeFirst();
    if (!Number(r.numUpdatedRows)) throw NotFound(`Dienst ${code}`);
    await enqueueJob(trx, SLA_SWEEP_JOB, {}, { tenantId: t.id });
    return { service: code, policies: parsed.data };
  });
}
