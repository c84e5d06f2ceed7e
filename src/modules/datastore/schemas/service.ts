// Common schemas of a cooperation: defining them (admins of any member tenant, platform admins),
// attaching resources (editors of the resource's tenant, which must be a member), validating each
// attachment against the schema (again whenever its table changed), and the merged view.
import { sql } from 'kysely';
import type { Ctx } from '../../../server/http/context.ts';
import { isUser } from '../../../server/http/context.ts';
import { BadRequest, Conflict, Forbidden, NotFound, ValidationFailed, type FieldIssue } from '../../../server/http/errors.ts';
import { recordAudit, requireScope, type JobRunner } from '../../core/index.ts';
import { canSee } from '../../catalog/service.ts';
import type { Db } from '../../../server/db/connect.ts';
import { readTableSchema, type TableSchema } from './table-schema.ts';
import { check, queueStale, type Checks } from './checks.ts';
import * as repo from './repo.ts';

const NAME_RE = /^[a-z0-9][a-z0-9-]{0,39}$/;

export type SchemaInput = { name?: string; title: string; description?: string; version: string; schema: unknown };

export async function cooperation(ctx: Ctx, slug: string) {
  const c = await repo.findCooperation(ctx.db, slug);
  if (!c) throw NotFound(`Kooperation "${slug}"`);
  return c;
}

export async function schemaOf(ctx: Ctx, slug: string, name: string) {
  const c = await cooperation(ctx, slug);
  const s = await repo.findSchema(ctx.db, c.id, name);
  if (!s) throw NotFound(`Schema "${name}"`);
  return { coop: c, schema: s };
}

/** Schemas of a cooperation are defined by platform admins and the admins of any member tenant. */
export async function requireSchemaAdmin(ctx: Ctx, cooperationId: string) {
  const p = requireScope(ctx, 'write');
  if (p.isPlatformAdmin) return p;
  const members = await repo.memberTenantIds(ctx.db, cooperationId);
  if (!members.some((t) => p.roles.get(t) === 'admin')) throw Forbidden('Nur die Administration einer Mitgliedskommune darf Schemas der Kooperation ändern');
  return p;
}

/** What the actor may do with a cooperation's schemas: change them (admins of a member tenant,
 *  platform admins) and attach resources of the member tenants it edits (`tenants`). */
export async function permissionsOf(ctx: Ctx, cooperationId: string): Promise<{ edit: boolean; attach: boolean; tenants: string[] | null }> {
  const p = ctx.actor;
  if (!isUser(p) || !p.scopes.has('write')) return { edit: false, attach: false, tenants: [] };
  const members = await repo.memberTenantIds(ctx.db, cooperationId);
  if (p.isPlatformAdmin) return { edit: true, attach: members.length > 0, tenants: null };
  const tenants = members.filter((t) => ['editor', 'admin'].includes(p.roles.get(t) ?? ''));
  return { edit: members.some((t) => p.roles.get(t) === 'admin'), attach: tenants.length > 0, tenants };
}

export const actorLabel = (ctx: Ctx) => (isUser(ctx.actor) ? ctx.actor.email : (ctx.actor?.label ?? 'system'));

function readInput(body: SchemaInput, withName: boolean): { schema: TableSchema; issues: FieldIssue[] } {
  const r = readTableSchema(body.schema, 'body.schema');
  const issues: FieldIssue[] = [...r.issues];
  if (withName && !NAME_RE.test(body.name ?? '')) issues.push({ field: 'body.name', message: 'nur Kleinbuchstaben, Ziffern und Bindestriche, höchstens 40 Zeichen' });
  return { schema: r.schema!, issues };
}

/** Patterns are checked by PostgreSQL too: its regular expressions are not JavaScript's. */
async function checkPatterns(db: Db, schema: TableSchema | undefined, issues: FieldIssue[]) {
  for (const [i, f] of (schema?.fields ?? []).entries()) {
    const p = f.constraints?.pattern;
    if (p === undefined) continue;
    try {
      await sql`SELECT '' ~ ${`^(?:${p})$`}`.execute(db);
    } catch (e) {
      issues.push({ field: `body.schema.fields.${i}.constraints.pattern`, message: `Feld "${f.name}": PostgreSQL cannot use this pattern: ${(e as Error).message}` });
    }
  }
}

// ---------------------------------------------------------------- presenting

function presentSchema(s: repo.SchemaRow, coopSlug: string, extra: Record<string, unknown> = {}) {
  return {
    name: s.name, cooperation: coopSlug, title: s.title, description: s.description, version: s.version, schema: s.table_schema,
    view: `datastore."${s.view_name}"`, created_at: s.created_at.toISOString(), updated_at: s.updated_at.toISOString(), ...extra,
  };
}

export type AttachmentRow = Awaited<ReturnType<typeof repo.attachments>>[number];

export function presentAttachment(a: AttachmentRow) {
  const inView = a.status === 'valid' && !a.private && a.state === 'active';
  return {
    resource_id: a.resource_id, resource_name: a.resource_name, dataset: a.dataset_name, dataset_title: a.dataset_title,
    tenant: a.tenant_slug, kommune: a.tenant_name, ars: a.ars, status: a.status, in_merged_view: inView,
    // A new attachment has no report before its first check; a re-check shows the last one meanwhile.
    private: a.private, validated_at: a.report ? new Date(a.validated_at).toISOString() : null, table_version: a.table_version, report: a.report,
  };
}

// ---------------------------------------------------------------- schemas

export async function listSchemas(ctx: Ctx, slug: string) {
  const c = await cooperation(ctx, slug);
  const rows = await repo.listSchemas(ctx.db, c.id);
  return { cooperation: { slug: c.slug, name: c.name }, items: rows.map((s) => presentSchema(s, c.slug, { attached: s.attached, valid: s.valid })) };
}

/** The schema with its attachments; attachments whose table changed since their check are queued
 *  for a new one first (given a job runner), so the page shows them as pending. */
export async function getSchema(ctx: Ctx, jobs: JobRunner | undefined, slug: string, name: string) {
  const { coop, schema } = await schemaOf(ctx, slug, name);
  if (jobs) await queueStale(ctx.db, jobs, { schemaId: schema.id, pending: false });
  const atts = (await repo.attachments(ctx.db, schema.id)).filter((a) => canSee(ctx, { tenant_id: a.tenant_id, state: a.state, private: a.private }));
  const may = await permissionsOf(ctx, coop.id);
  const detach = (tenantId: string) => may.edit || may.tenants === null || may.tenants.includes(tenantId);
  return presentSchema(schema, coop.slug, {
    cooperation_name: coop.name, can: { edit: may.edit, attach: may.attach },
    resources: atts.map((a) => ({ ...presentAttachment(a), can_detach: isUser(ctx.actor) && ctx.actor.scopes.has('write') && detach(a.tenant_id) })),
  });
}

export async function createSchema(ctx: Ctx, jobs: JobRunner | undefined, slug: string, body: SchemaInput) {
  const c = await cooperation(ctx, slug);
  await requireSchemaAdmin(ctx, c.id);
  const { schema, issues } = readInput(body, true);
  const viewName = `schema_${c.slug}_${body.name}`;
  if (!issues.length && viewName.length > 63) issues.push({ field: 'body.name', message: `zu lang: der Name der gemeinsamen Sicht ${viewName} hätte mehr als 63 Zeichen` });
  await checkPatterns(ctx.db, schema, issues);
  if (issues.length) throw ValidationFailed(issues);
  if (await repo.findSchema(ctx.db, c.id, body.name!)) throw Conflict(`Schema "${body.name}" gibt es in dieser Kooperation schon`, [{ field: 'body.name', message: 'schon vergeben' }]);
  await ctx.db.transaction().execute(async (trx) => {
    const { id } = await repo.insertSchema(trx, { cooperation_id: c.id, name: body.name!, title: body.title, description: body.description ?? '', version: body.version, table_schema: schema, view_name: viewName, created_by: actorLabel(ctx) });
    await repo.createView(trx, viewName, id, schema);
    await recordAudit(trx, ctx, { tenantId: null, action: 'datastore.schema.create', entityType: 'datastore_schema', entityId: id, after: { cooperation: c.slug, name: body.name, version: body.version } });
  });
  return getSchema(ctx, jobs, slug, body.name!);
}

/** Replaces title, description, version and schema. A changed schema needs a new version; the
 *  merged view is rebuilt and every attachment marked pending with its check queued, in one
 *  transaction (until checked, no resource is in the merged view). */
export async function updateSchema(ctx: Ctx, checks: Checks | undefined, slug: string, name: string, body: SchemaInput) {
  const { coop, schema: before } = await schemaOf(ctx, slug, name);
  await requireSchemaAdmin(ctx, coop.id);
  const runner = requireChecks(checks);
  const { schema, issues } = readInput(body, false);
  if (body.name !== undefined && body.name !== name) issues.push({ field: 'body.name', message: 'der Name eines Schemas ändert sich nicht' });
  await checkPatterns(ctx.db, schema, issues);
  if (issues.length) throw ValidationFailed(issues);
  if (JSON.stringify(schema) !== JSON.stringify(before.table_schema) && body.version === before.version) {
    throw Conflict('Ein geändertes Schema braucht eine neue Version', [{ field: 'body.version', message: `Version ${before.version} gibt es schon mit anderem Inhalt` }]);
  }
  await ctx.db.transaction().execute(async (trx) => {
    const locked = (await repo.findSchema(trx, coop.id, name, true))!;
    await repo.updateSchema(trx, locked.id, { title: body.title, description: body.description ?? '', version: body.version, table_schema: schema });
    const now = { ...locked, title: body.title, version: body.version, table_schema: schema };
    for (const a of await repo.attachments(trx, locked.id)) await check(trx, runner, now, { resource_id: a.resource_id, tenant_id: a.tenant_id, attached_by: actorLabel(ctx) });
    await repo.createView(trx, locked.view_name, locked.id, schema);
    await recordAudit(trx, ctx, { tenantId: null, action: 'datastore.schema.update', entityType: 'datastore_schema', entityId: locked.id, before: { version: before.version, schema: before.table_schema }, after: { version: body.version, schema } });
  });
  return getSchema(ctx, runner === 'now' ? undefined : runner, slug, name);
}

export async function deleteSchema(ctx: Ctx, slug: string, name: string): Promise<void> {
  const { coop, schema } = await schemaOf(ctx, slug, name);
  await requireSchemaAdmin(ctx, coop.id);
  await ctx.db.transaction().execute(async (trx) => {
    await repo.dropView(trx, schema.view_name);
    await repo.deleteSchema(trx, schema.id);
    await recordAudit(trx, ctx, { tenantId: null, action: 'datastore.schema.delete', entityType: 'datastore_schema', entityId: schema.id, before: { cooperation: coop.slug, name, version: schema.version } });
  });
}

/** The schema for reading its merged rows. Only checked, unchanged, valid public resources are in
 *  the view (its function compares the table's version and time with the checked ones). */
export async function mergedSchema(ctx: Ctx, slug: string, name: string) {
  return schemaOf(ctx, slug, name);
}

/** Whether `datastore."<name>"` is the merged view of a common schema (for datastore_search_sql).
 *  The views hold public data only, so everyone may read them. */
export async function isMergedView(ctx: Ctx, name: string): Promise<boolean> {
  return !!(await repo.findSchemaByView(ctx.db, name));
}

/** Checks run as jobs; an instance without a job runner cannot accept attachments. */
export function requireChecks(checks: Checks | undefined): Checks {
  if (!checks) throw BadRequest('Diese Instanz führt keine Hintergrund-Jobs aus');
  return checks;
}
