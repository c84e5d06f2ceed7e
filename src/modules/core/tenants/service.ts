// Use cases for tenants (municipalities, districts), cooperations and departments.
import type { z } from 'zod';
import type { Ctx } from '../../../server/http/context.ts';
import { Conflict, NotFound, ValidationFailed } from '../../../server/http/errors.ts';
import { violatedConstraint } from '../../../server/db/errors.ts';
import { recordAudit } from '../audit/service.ts';
import { canSeePrivate, requirePlatformAdmin, requireTenantRole } from '../permissions.ts';
import type { CooperationCreate, CooperationUpdate, DepartmentCreate, DepartmentUpdate, TenantCreate, TenantUpdate } from '../contract.ts';
import * as repo from './repo.ts';

type TenantRow = NonNullable<Awaited<ReturnType<typeof repo.findTenantBySlug>>>;

export function presentTenant(r: TenantRow) {
  return {
    id: r.id, slug: r.slug, name: r.name, type: r.type, ags: r.ags, ars: r.ars,
    parentSlug: r.parent_slug, website: r.website, population: r.population, populationDate: r.population_date, cooperations: r.cooperations,
  };
}

export async function listTenants(ctx: Ctx) {
  return (await repo.listTenants(ctx.db).execute()).map(presentTenant);
}

export async function getTenant(ctx: Ctx, slug: string): Promise<TenantRow> {
  const t = await repo.findTenantBySlug(ctx.db, slug);
  if (!t) throw NotFound(`Kommune "${slug}"`);
  return t;
}

/** Id, slug, name and type of a tenant, or 404. */
export async function tenantRef(ctx: Ctx, slug: string) {
  const t = await repo.findTenantRef(ctx.db, slug);
  if (!t) throw NotFound(`Kommune "${slug}"`);
  return t;
}

async function parentId(ctx: Ctx, slug: string | null | undefined): Promise<string | null> {
  if (!slug) return null;
  const p = await repo.findTenantBySlug(ctx.db, slug);
  if (!p) throw ValidationFailed([{ field: 'body.parentSlug', message: `Kommune "${slug}" gibt es nicht` }]);
  if (p.type !== 'district') throw ValidationFailed([{ field: 'body.parentSlug', message: 'Übergeordnet kann nur ein Landkreis sein' }]);
  return p.id;
}

const UNIQUE_FIELDS: Record<string, string> = {
  core_tenants_slug_key: 'body.slug', core_tenants_ags_key: 'body.ags', core_tenants_ars_key: 'body.ars',
  core_cooperations_slug_key: 'body.slug', core_departments_tenant_id_slug_key: 'body.slug',
};

function conflictFrom(err: unknown): never {
  const c = violatedConstraint(err);
  if (c !== undefined) {
    const field = UNIQUE_FIELDS[c] ?? 'body';
    throw Conflict('Ein Eintrag mit diesem Wert existiert bereits', [{ field, message: 'bereits vergeben' }]);
  }
  throw err;
}

export async function createTenant(ctx: Ctx, input: z.infer<typeof TenantCreate>) {
  requirePlatformAdmin(ctx);
  const parent = await parentId(ctx, input.parentSlug);
  return ctx.db
    .transaction()
    .execute(async (trx) => {
      const { id } = await repo.insertTenant(trx, { ...input, parentId: parent, website: input.website ?? null, population: input.population ?? null, populationDate: input.populationDate ?? null });
      const after = await repo.findTenantBySlug(trx, input.slug);
      await recordAudit(trx, ctx, { tenantId: id, action: 'tenant.create', entityType: 'tenant', entityId: id, after });
      return presentTenant(after!);
    })
    .catch(conflictFrom);
}

export async function updateTenant(ctx: Ctx, slug: string, input: z.infer<typeof TenantUpdate>) {
  const before = await getTenant(ctx, slug);
  // Tenant admins keep their own profile up to date; moving a tenant in the hierarchy is platform work.
  if (input.parentSlug !== undefined) requirePlatformAdmin(ctx);
  else requireTenantRole(ctx, before.id, 'admin', 'admin');
  const patch: Parameters<typeof repo.updateTenant>[2] = {};
  if (input.name !== undefined) patch.name = input.name;
  if (input.website !== undefined) patch.website = input.website;
  if (input.population !== undefined) patch.population = input.population;
  if (input.populationDate !== undefined) patch.population_date = input.populationDate;
  if (input.parentSlug !== undefined) {
    patch.parent_id = await parentId(ctx, input.parentSlug);
    if (patch.parent_id && (await repo.wouldCreateCycle(ctx.db, before.id, patch.parent_id))) {
      throw ValidationFailed([{ field: 'body.parentSlug', message: 'würde einen Kreis in der Hierarchie bilden' }]);
    }
  }
  return ctx.db.transaction().execute(async (trx) => {
    await repo.updateTenant(trx, before.id, patch);
    const after = (await repo.findTenantBySlug(trx, slug))!;
    await recordAudit(trx, ctx, { tenantId: before.id, action: 'tenant.update', entityType: 'tenant', entityId: before.id, before, after });
    return presentTenant(after);
  });
}

// ---- cooperations
export async function listCooperations(ctx: Ctx) {
  return repo.listCooperations(ctx.db).execute();
}

export async function getCooperation(ctx: Ctx, slug: string) {
  const c = await repo.listCooperations(ctx.db).where('c.slug', '=', slug).executeTakeFirst();
  if (!c) throw NotFound(`Kooperation "${slug}"`);
  return c;
}

async function memberIds(ctx: Ctx, slugs: string[]): Promise<string[]> {
  const found = await repo.tenantIdsBySlug(ctx.db, slugs);
  const missing = slugs.filter((s) => !found.some((f) => f.slug === s));
  if (missing.length) {
    throw ValidationFailed(missing.map((s) => ({ field: `body.members.${slugs.indexOf(s)}`, message: `Kommune "${s}" gibt es nicht` })));
  }
  return found.map((f) => f.id);
}

export async function createCooperation(ctx: Ctx, input: z.infer<typeof CooperationCreate>) {
  requirePlatformAdmin(ctx);
  const members = await memberIds(ctx, input.members);
  return ctx.db
    .transaction()
    .execute(async (trx) => {
      const { id } = await repo.insertCooperation(trx, { slug: input.slug, name: input.name, description: input.description });
      await repo.setCooperationMembers(trx, id, members);
      const after = await repo.listCooperations(trx).where('c.id', '=', id).executeTakeFirstOrThrow();
      await recordAudit(trx, ctx, { tenantId: null, action: 'cooperation.create', entityType: 'cooperation', entityId: id, after });
      return after;
    })
    .catch(conflictFrom);
}

export async function updateCooperation(ctx: Ctx, slug: string, input: z.infer<typeof CooperationUpdate>) {
  requirePlatformAdmin(ctx);
  const before = await getCooperation(ctx, slug);
  const members = input.members ? await memberIds(ctx, input.members) : undefined;
  return ctx.db.transaction().execute(async (trx) => {
    const patch = { ...(input.name !== undefined && { name: input.name }), ...(input.description !== undefined && { description: input.description }) };
    if (Object.keys(patch).length) await repo.updateCooperation(trx, before.id, patch);
    if (members) await repo.setCooperationMembers(trx, before.id, members);
    const after = await repo.listCooperations(trx).where('c.id', '=', before.id).executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, { tenantId: null, action: 'cooperation.update', entityType: 'cooperation', entityId: before.id, before, after });
    return after;
  });
}

// ---- departments: public ones are the citizen-facing directory; internal ones only members see
function presentDepartment(d: NonNullable<Awaited<ReturnType<typeof repo.findDepartment>>>) {
  return { id: d.id, tenantSlug: d.tenant_slug, slug: d.slug, name: d.name, email: d.email, phone: d.phone, isPublic: d.is_public };
}

export async function listDepartments(ctx: Ctx, tenantSlug: string) {
  const t = await tenantRef(ctx, tenantSlug);
  return (await repo.listDepartments(ctx.db, t.id, canSeePrivate(ctx, t.id))).map(presentDepartment);
}

export async function createDepartment(ctx: Ctx, tenantSlug: string, input: z.infer<typeof DepartmentCreate>) {
  const t = await tenantRef(ctx, tenantSlug);
  requireTenantRole(ctx, t.id, 'editor', 'write');
  return ctx.db
    .transaction()
    .execute(async (trx) => {
      const { id } = await repo.insertDepartment(trx, { tenantId: t.id, slug: input.slug, name: input.name, email: input.email ?? null, phone: input.phone ?? null, isPublic: input.isPublic });
      const after = presentDepartment((await repo.findDepartment(trx, t.id, id))!);
      await recordAudit(trx, ctx, { tenantId: t.id, action: 'department.create', entityType: 'department', entityId: id, after });
      return after;
    })
    .catch(conflictFrom);
}

export async function updateDepartment(ctx: Ctx, tenantSlug: string, id: string, input: z.infer<typeof DepartmentUpdate>) {
  const t = await tenantRef(ctx, tenantSlug);
  requireTenantRole(ctx, t.id, 'editor', 'write');
  const row = await repo.findDepartment(ctx.db, t.id, id);
  if (!row) throw NotFound('Organisationseinheit');
  const before = presentDepartment(row);
  return ctx.db.transaction().execute(async (trx) => {
    await repo.updateDepartment(trx, id, {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.email !== undefined && { email: input.email }),
      ...(input.phone !== undefined && { phone: input.phone }),
      ...(input.isPublic !== undefined && { is_public: input.isPublic }),
    });
    const after = presentDepartment((await repo.findDepartment(trx, t.id, id))!);
    await recordAudit(trx, ctx, { tenantId: t.id, action: 'department.update', entityType: 'department', entityId: id, before, after });
    return after;
  });
}
