// Saved and shared views (self-service dashboards): staff save a chart definition privately, for
// their municipality, or for the cooperations it belongs to. A view holds no figures — opening it
// runs the definition on the counters of the municipality that opens it, so a partner's shared
// view shows one's own numbers and no municipality ever sees another's counters through a view.
import type { Ctx, Principal } from '../../../server/http/context.ts';
import { Conflict, Forbidden, NotFound, ValidationFailed, type FieldIssue } from '../../../server/http/errors.ts';
import { hasRole, recordAudit, requireTenantRole, tenantRef } from '../../core/index.ts';
import { runSeries } from '../metrics/series.ts';
import { checkDefinition, CopyBody, issuesOf, PreviewBody, rangeOfDefinition, ViewBody, ViewPatch, type DefinitionT } from './contract.ts';
import * as repo from './repo.ts';

type Tenant = { id: string; slug: string };

function present(v: repo.ViewRow, from: Tenant, actor: Principal) {
  const own = v.tenant_id === from.id;
  return {
    id: v.id, tenant: v.tenant, tenant_name: v.tenant_name, name: v.name, description: v.description, visibility: v.visibility,
    definition: v.definition as DefinitionT, copied_from: v.copied_from, created_at: v.created_at, updated_at: v.updated_at,
    own, mine: v.created_by === actor.userId, can_edit: own && canEdit(actor, v),
  };
}

function canEdit(actor: Principal, v: { tenant_id: string; created_by: string | null }) {
  return hasRole(actor, v.tenant_id, 'admin') || (hasRole(actor, v.tenant_id, 'editor') && v.created_by === actor.userId);
}

/** Checks a body against the schema and then the definition's own rules; 422 naming each field. */
function parse<T>(schema: { safeParse(b: unknown): { success: true; data: T } | { success: false; error: { issues: Parameters<typeof issuesOf>[0] } } }, body: unknown, definitionOf: (d: T) => DefinitionT | undefined): T {
  const p = schema.safeParse(body ?? {});
  if (!p.success) throw ValidationFailed(issuesOf(p.error.issues));
  const d = definitionOf(p.data);
  const issues: FieldIssue[] = d ? checkDefinition(d) : [];
  if (issues.length) throw ValidationFailed(issues);
  return p.data;
}

async function staff(ctx: Ctx, slug: string) {
  const tenant = await tenantRef(ctx, slug);
  return { tenant, actor: requireTenantRole(ctx, tenant.id, 'viewer', 'read') };
}

/** A view the actor may see from this municipality (its own, or a partner's shared one); 404 otherwise. */
async function visibleView(ctx: Ctx, tenant: Tenant, actor: Principal, id: string) {
  const [v] = await repo.visible(ctx.db, tenant.id, actor.userId, { shared: true, id });
  if (!v) throw NotFound(`Ansicht ${id}`);
  return v;
}

export async function listViews(ctx: Ctx, slug: string, q: { shared?: boolean }) {
  const { tenant, actor } = await staff(ctx, slug);
  const rows = await repo.visible(ctx.db, tenant.id, actor.userId, { shared: q.shared ?? false });
  return { tenant: tenant.slug, items: rows.map((v) => present(v, tenant, actor)) };
}

export async function getView(ctx: Ctx, slug: string, id: string) {
  const { tenant, actor } = await staff(ctx, slug);
  return present(await visibleView(ctx, tenant, actor, id), tenant, actor);
}

const nameTaken = (name: string) => Conflict(`Eine Ansicht „${name}“ gibt es in dieser Kommune schon`, [{ field: 'name', message: 'Name schon vergeben' }]);

export async function createView(ctx: Ctx, slug: string, body: unknown) {
  const tenant = await tenantRef(ctx, slug);
  const actor = requireTenantRole(ctx, tenant.id, 'editor', 'write');
  const b = parse(ViewBody, body, (x) => x.definition);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const id = await repo.insert(trx, { tenantId: tenant.id, name: b.name, description: b.description, visibility: b.visibility, definition: b.definition, copiedFrom: null, createdBy: actor.userId });
    if (!id) throw nameTaken(b.name);
    await recordAudit(trx, ctx, { tenantId: tenant.id, action: 'analytics.view.create', entityType: 'analytics_view', entityId: id, after: b });
    return id;
  });
  return getView(ctx, slug, id);
}

/** The view of this municipality the actor may change: 404 if not visible, 403 if a partner's or not theirs. */
async function editable(ctx: Ctx, slug: string, id: string) {
  const tenant = await tenantRef(ctx, slug);
  const actor = requireTenantRole(ctx, tenant.id, 'editor', 'write');
  const v = await visibleView(ctx, tenant, actor, id);
  if (v.tenant_id !== tenant.id) throw Forbidden(`Die Ansicht gehört ${v.tenant_name}; übernehmen lässt sie sich mit POST …/views/${id}/copy`);
  if (!canEdit(actor, v)) throw Forbidden('Ändern und löschen darf nur, wer die Ansicht angelegt hat, oder die Administration der Kommune');
  return { tenant, actor, view: v };
}

export async function updateView(ctx: Ctx, slug: string, id: string, body: unknown) {
  const { tenant } = await editable(ctx, slug, id);
  const b = parse(ViewPatch, body, (x) => x.definition);
  await ctx.db.transaction().execute(async (trx) => {
    const before = await repo.lock(trx, tenant.id, id);
    if (!before) throw NotFound(`Ansicht ${id}`);
    if (!(await repo.update(trx, tenant.id, id, b))) throw nameTaken(b.name!);
    await recordAudit(trx, ctx, { tenantId: tenant.id, action: 'analytics.view.update', entityType: 'analytics_view', entityId: id, before, after: b });
  });
  return getView(ctx, slug, id);
}

export async function deleteView(ctx: Ctx, slug: string, id: string) {
  const { tenant } = await editable(ctx, slug, id);
  await ctx.db.transaction().execute(async (trx) => {
    const before = await repo.lock(trx, tenant.id, id);
    if (!before) throw NotFound(`Ansicht ${id}`);
    await repo.remove(trx, tenant.id, id);
    await recordAudit(trx, ctx, { tenantId: tenant.id, action: 'analytics.view.delete', entityType: 'analytics_view', entityId: id, before });
  });
}

/** Copies a visible view (also a partner's) into this municipality. Without a name the copy is
 *  called "… (Kopie)", "… (Kopie 2)", …; it starts private unless asked otherwise. */
export async function copyView(ctx: Ctx, slug: string, id: string, body: unknown) {
  const tenant = await tenantRef(ctx, slug);
  const actor = requireTenantRole(ctx, tenant.id, 'editor', 'write');
  const b = parse(CopyBody, body, () => undefined);
  const source = await visibleView(ctx, tenant, actor, id);
  const newId = await ctx.db.transaction().execute(async (trx) => {
    const base = b.name ?? `${source.name} (Kopie)`.slice(0, 100);
    const taken = b.name ? new Set<string>() : await repo.namesLike(trx, tenant.id, base.replace(/\)$/, ''));
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base.replace(/\)$/, '')} ${n})`;
    const newId = await repo.insert(trx, {
      tenantId: tenant.id, name, description: source.description, visibility: b.visibility ?? 'private', definition: source.definition, copiedFrom: source.id, createdBy: actor.userId,
    });
    if (!newId) throw nameTaken(name);
    await recordAudit(trx, ctx, {
      tenantId: tenant.id, action: 'analytics.view.copy', entityType: 'analytics_view', entityId: newId,
      after: { name, visibility: b.visibility ?? 'private', copied_from: source.id, from_tenant: source.tenant },
    });
    return newId;
  });
  return getView(ctx, slug, newId);
}

/**
 * Runs the view on the counters of one municipality: `tenant` (default: the one in the path).
 * The caller must be staff there and the view visible from there; the path may also name the
 * view's own municipality, so a partner's link works as well.
 */
export async function viewData(ctx: Ctx, slug: string, id: string, q: { tenant?: string }) {
  const at = await tenantRef(ctx, q.tenant ?? slug);
  const actor = requireTenantRole(ctx, at.id, 'viewer', 'read');
  const v = await visibleView(ctx, at, actor, id);
  if (slug !== at.slug && slug !== v.tenant) throw NotFound(`Ansicht ${id}`);
  return { view: present(v, at, actor), tenant: at.slug, ...(await runDefinition(ctx, at.id, v.definition as DefinitionT)) };
}

function runDefinition(ctx: Ctx, tenantId: string, d: DefinitionT) {
  const range = rangeOfDefinition(d);
  return runSeries(ctx.db, tenantId, {
    metric: d.metric, interval: d.interval, from: range.from, to: range.to, by: d.by,
    service_key: d.filters?.service_key, online_service: d.filters?.online_service, form_version: d.filters?.form_version,
  });
}

/** Runs an unsaved definition on the municipality's own counters (the builder's preview). */
export async function previewDefinition(ctx: Ctx, slug: string, body: unknown) {
  const { tenant } = await staff(ctx, slug);
  const { definition } = parse(PreviewBody, body, (b) => b.definition);
  return { tenant: tenant.slug, ...(await runDefinition(ctx, tenant.id, definition)) };
}
