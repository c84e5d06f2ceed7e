// A service's settings in a municipality (the name dashboards show, and its owners) and the
// feedback comments of the service. Comments are free text from citizens — scrubbed of contact
// data, but still the closest thing to a person analytics keeps — so they are not a staff-wide
// read: only the owners the municipality's admins named read them. Admins are not owners by
// their role; they can name themselves, and that change is audited like every other.
import { z } from 'zod';
import type { Ctx } from '../../../server/http/context.ts';
import { BadRequest, Forbidden, ValidationFailed, type FieldIssue } from '../../../server/http/errors.ts';
import { hasRole, recordAudit, requireTenantRole, tenantRef } from '../../core/index.ts';
import { issuesOf } from '../views/contract.ts';
import * as repo from './repo.ts';

export const MAX_OWNERS = 50;

export const SettingsBody = z.object({
  name: z.string({ message: 'Name fehlt' }).trim().min(1, 'Name fehlt').max(200, 'Name höchstens 200 Zeichen'),
  owners: z.array(z.string({ message: 'E-Mail-Adresse erwartet' }).trim().max(254).regex(/^[^\s@]+@[^\s@]+$/, 'E-Mail-Adresse erwartet'), { message: 'Liste von E-Mail-Adressen erwartet' })
    .max(MAX_OWNERS, `höchstens ${MAX_OWNERS} Verantwortliche`),
}).strict();

export async function getSettings(ctx: Ctx, slug: string, serviceKey: string) {
  const tenant = await tenantRef(ctx, slug);
  const actor = requireTenantRole(ctx, tenant.id, 'viewer', 'read');
  const [s, owners] = await Promise.all([repo.service(ctx.db, tenant.id, serviceKey), repo.owners(ctx.db, tenant.id, serviceKey)]);
  return {
    tenant: tenant.slug, service_key: serviceKey, name: s?.name ?? null, owners: owners.map((o) => o.email), updated_at: s?.updated_at ?? null,
    can_read_comments: owners.some((o) => o.id === actor.userId),
  };
}

/** Sets name and owners (the list replaces the old one). Owners must be members of the
 *  municipality: unknown addresses and non-members get the same answer, so the form tells an
 *  admin nothing about accounts elsewhere on the platform. */
export async function putSettings(ctx: Ctx, slug: string, serviceKey: string, body: unknown) {
  const tenant = await tenantRef(ctx, slug);
  requireTenantRole(ctx, tenant.id, 'admin', 'admin');
  const b = SettingsBody.safeParse(body);
  if (!b.success) throw ValidationFailed(issuesOf(b.error.issues));
  const emails = b.data.owners.map((e) => e.toLowerCase());
  const users = await repo.usersByEmail(ctx.db, tenant.id, emails);
  const byEmail = new Map(users.map((u) => [u.email.toLowerCase(), u]));
  const issues: FieldIssue[] = [];
  emails.forEach((e, i) => {
    if (emails.indexOf(e) < i) issues.push({ field: `owners.${i}`, message: `${e} steht schon weiter vorne in der Liste` });
    else if (!byEmail.get(e)?.role) issues.push({ field: `owners.${i}`, message: `${e} ist kein Mitglied der Kommune ${tenant.slug}` });
  });
  if (issues.length) throw ValidationFailed(issues);
  const ownerIds = emails.map((e) => byEmail.get(e)!.id);
  await ctx.db.transaction().execute(async (trx) => {
    const before = await repo.serviceForUpdate(trx, tenant.id, serviceKey);
    const beforeOwners = (await repo.owners(trx, tenant.id, serviceKey)).map((o) => o.email);
    await repo.saveService(trx, tenant.id, serviceKey, b.data.name, ownerIds);
    await recordAudit(trx, ctx, {
      tenantId: tenant.id, action: 'analytics.service.settings', entityType: 'analytics_service', entityId: serviceKey,
      before: before ? { name: before.name, owners: beforeOwners } : null, after: { name: b.data.name, owners: emails.map((e) => byEmail.get(e)!.email).sort() },
    });
  });
  return getSettings(ctx, slug, serviceKey);
}

export type CommentsQuery = { from?: string; to?: string; rating?: string; limit?: number; cursor?: string };

const encodeCursor = (c: { day: string; id: string }) => Buffer.from(JSON.stringify([c.day, c.id])).toString('base64url');
function decodeCursor(s: string): { day: string; id: string } {
  try {
    const [day, id] = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown[];
    if (typeof day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(day) && typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id)) return { day, id };
  } catch { /* answered below */ }
  throw BadRequest('Ungültiger Cursor', [{ field: 'cursor', message: 'den Wert von next_cursor unverändert übergeben' }]);
}

/** The comments of a service, newest first, a page at a time; for its owners only. */
export async function listComments(ctx: Ctx, slug: string, serviceKey: string, q: CommentsQuery) {
  const tenant = await tenantRef(ctx, slug);
  const actor = requireTenantRole(ctx, tenant.id, 'viewer', 'read');
  if (!(await repo.isOwner(ctx.db, tenant.id, serviceKey, actor.userId))) {
    throw Forbidden(hasRole(actor, tenant.id, 'admin')
      ? 'Rückmeldungstexte lesen nur die Verantwortlichen des Dienstes. Als Administration können Sie sich in den Einstellungen des Dienstes (PUT …/settings) selbst eintragen; das wird protokolliert.'
      : 'Rückmeldungstexte lesen nur die Verantwortlichen des Dienstes; die Administration der Kommune legt sie in den Einstellungen des Dienstes fest.');
  }
  if (q.from && q.to && q.from > q.to) throw BadRequest('Zeitraum ungültig', [{ field: 'from', message: 'from liegt nach to' }]);
  const limit = q.limit ?? 50;
  const rows = await repo.comments(ctx.db, tenant.id, serviceKey, {
    from: q.from, to: q.to, ratings: q.rating?.split(',').map(Number), after: q.cursor ? decodeCursor(q.cursor) : undefined, limit: limit + 1,
  });
  const items = rows.slice(0, limit);
  return { tenant: tenant.slug, service_key: serviceKey, items, next_cursor: rows.length > limit ? encodeCursor(items[items.length - 1]!) : null };
}
