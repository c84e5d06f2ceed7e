// The service catalogue of a municipality (issue 6, item 2): its admins define the Open311
// services; any member of a cooperation can adopt a service another member publishes (every
// active service counts as published), getting a copy with its SLA policy and a link to the
// original. Requests keep their service when it is deactivated, so nothing is ever deleted.
import type { Ctx } from '../../../server/http/context.ts';
import { AppError, Conflict, NotFound, ValidationFailed, type FieldIssue } from '../../../server/http/errors.ts';
import { canSeePrivate, recordAudit, requireTenantRole, tenantRef } from '../../core/index.ts';
import type { ServiceAttribute } from '../tables.ts';
import type { AdoptBodyT, ServiceBodyT } from './contract.ts';
import * as repo from './repo.ts';

/** The catalogue's view of a service: public, so no internal ids. */
export function present(r: repo.CatalogueRow) {
  return {
    code: r.code, name: r.name, description: r.description, category: r.category, keywords: r.keywords, type: r.type, active: r.active,
    attributes: (r.attributes as ServiceAttribute[]).map((a) => ({ ...a, datatype_description: a.datatype_description ?? null })),
    department: r.department ?? null, has_sla: r.sla_policy !== null,
    adopted_from: r.original_tenant && r.original_code ? { tenant: r.original_tenant, code: r.original_code } : null,
  };
}

/** Attributes as stored: orders filled in (position when not given) and sorted, so Open311 lists them in order. */
function normalise(attrs: ServiceBodyT['attributes']): ServiceAttribute[] {
  return attrs.map((a, i) => ({ ...a, order: a.order ?? i + 1 })).sort((x, y) => x.order - y.order)
    .map((a) => ({ code: a.code, datatype: a.datatype, required: a.required, description: a.description, order: a.order,
      ...(a.datatype_description && { datatype_description: a.datatype_description }), ...(a.values && { values: a.values }) }));
}

export async function listServices(ctx: Ctx, slug: string, includeInactive: boolean) {
  const t = await tenantRef(ctx, slug);
  // Deactivated services are the tenant's own business; the public sees what citizens can report.
  const rows = await repo.listServices(ctx.db, t.id, includeInactive && canSeePrivate(ctx, t.id));
  return { tenant: t.slug, services: rows.map(present) };
}

export async function putService(ctx: Ctx, slug: string, code: string, body: ServiceBodyT) {
  const t = await tenantRef(ctx, slug);
  requireTenantRole(ctx, t.id, 'admin', 'write');
  const dep = body.department === null ? null : await repo.findDepartment(ctx.db, t.id, body.department);
  if (dep === undefined) throw ValidationFailed([{ field: 'body.department', message: `Abteilung „${body.department}“ gibt es in ${t.name} nicht` }]);
  return ctx.db.transaction().execute(async (trx) => {
    const before = await repo.findService(trx, t.id, code);
    await repo.saveService(trx, t.id, code, {
      name: body.name, description: body.description, category: body.category, keywords: body.keywords, attributes: normalise(body.attributes),
      departmentId: dep?.id ?? null, type: body.type, active: body.active,
    });
    const after = present((await repo.findService(trx, t.id, code))!);
    await recordAudit(trx, ctx, { tenantId: t.id, action: before ? 'requests.service.update' : 'requests.service.create', entityType: 'request_service', entityId: code, before: before && present(before), after });
    return { created: !before, service: after };
  });
}

export async function deactivateService(ctx: Ctx, slug: string, code: string) {
  const t = await tenantRef(ctx, slug);
  requireTenantRole(ctx, t.id, 'admin', 'write');
  return ctx.db.transaction().execute(async (trx) => {
    const before = await repo.findService(trx, t.id, code);
    if (!before) throw NotFound(`Dienst „${code}“`);
    await repo.deactivate(trx, t.id, code);
    const after = present((await repo.findService(trx, t.id, code))!);
    await recordAudit(trx, ctx, { tenantId: t.id, action: 'requests.service.deactivate', entityType: 'request_service', entityId: code, before: present(before), after });
    return after;
  });
}

export async function cooperationServices(ctx: Ctx, slug: string) {
  const c = await repo.findCooperation(ctx.db, slug);
  if (!c) throw NotFound(`Kooperation „${slug}“`);
  const rows = await repo.cooperationServices(ctx.db, c.id);
  return { cooperation: c.slug, services: rows.map((r) => ({ ...present(r), municipality: { slug: r.tenant_slug, name: r.tenant_name }, adopted_by: r.adopted_by })) };
}

const refused = (detail: string, issues: FieldIssue[]) => new AppError(403, 'forbidden', 'Keine Berechtigung', detail, issues);

export async function adoptService(ctx: Ctx, slug: string, body: AdoptBodyT) {
  const t = await tenantRef(ctx, slug);
  requireTenantRole(ctx, t.id, 'admin', 'write');
  const source = await repo.findTenant(ctx.db, body.from.tenant);
  if (!source) throw ValidationFailed([{ field: 'body.from.tenant', message: `Kommune „${body.from.tenant}“ gibt es nicht` }]);
  if (source.id === t.id) throw ValidationFailed([{ field: 'body.from.tenant', message: 'Ein eigener Dienst kann nicht übernommen werden' }]);
  // Only partners share definitions: the original must come from a member of a common cooperation.
  if (!(await repo.shareCooperation(ctx.db, t.id, source.id))) {
    throw refused(`${t.name} und ${source.name} sind in keiner gemeinsamen Kooperation; übernommen werden können nur Dienste von Kooperationspartnern`,
      [{ field: 'body.from.tenant', message: `${source.name} ist kein Kooperationspartner von ${t.name}` }]);
  }
  const original = await repo.findService(ctx.db, source.id, body.from.code);
  if (!original || !original.active) throw ValidationFailed([{ field: 'body.from.code', message: `${source.name} veröffentlicht keinen Dienst „${body.from.code}“` }]);
  const code = body.code ?? original.code;
  // The department: the one asked for, else the adopter's department of the same name, else none.
  const depSlug = body.department === undefined ? original.department : body.department;
  const dep = depSlug ? await repo.findDepartment(ctx.db, t.id, depSlug) : null;
  if (body.department && !dep) throw ValidationFailed([{ field: 'body.department', message: `Abteilung „${body.department}“ gibt es in ${t.name} nicht` }]);
  const clash = () => Conflict(`${t.name} hat schon einen Dienst „${code}“; bitte ein anderes Kürzel in "code" angeben`, [{ field: body.code ? 'body.code' : 'body.from.code', message: `Kürzel „${code}“ ist schon vergeben` }]);
  if (await repo.findService(ctx.db, t.id, code)) throw clash();
  return ctx.db.transaction().execute(async (trx) => {
    const made = await repo.insertAdopted(trx, t.id, code, {
      name: original.name, description: original.description, category: original.category, keywords: original.keywords, attributes: original.attributes as ServiceAttribute[],
      departmentId: dep?.id ?? null, type: original.type, active: true, slaPolicy: original.sla_policy, adoptedFrom: original.id,
    });
    if (!made) throw clash(); // taken meanwhile by a concurrent write
    const after = present((await repo.findService(trx, t.id, code))!);
    await recordAudit(trx, ctx, { tenantId: t.id, action: 'requests.service.adopt', entityType: 'request_service', entityId: code, after });
    return after;
  });
}
