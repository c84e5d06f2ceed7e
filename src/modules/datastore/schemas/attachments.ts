// Resources attached to a common schema: attaching one (editors of the resource's tenant, which
// must be a member of the cooperation; its check runs as a job, see checks.ts), detaching it, and
// the resources a user could attach.
import type { Ctx } from '../../../server/http/context.ts';
import { Forbidden, NotFound, ValidationFailed } from '../../../server/http/errors.ts';
import { recordAudit, requireScope } from '../../core/index.ts';
import { readableResource, writableResource } from '../access.ts';
import * as repo from './repo.ts';
import { check, type Checks } from './checks.ts';
import { actorLabel, permissionsOf, presentAttachment, requireChecks, requireSchemaAdmin, schemaOf } from './service.ts';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const ATTACHABLE_MAX = 500;

/** Attaches (or re-checks) a resource: pending with its check queued, in one transaction with the
 *  audit entry. */
export async function attachResource(ctx: Ctx, checks: Checks | undefined, slug: string, name: string, resourceId: string) {
  const { coop, schema } = await schemaOf(ctx, slug, name);
  if (!UUID_RE.test(resourceId)) throw ValidationFailed([{ field: 'body.resource_id', message: 'keine Ressourcen-ID (UUID)' }]);
  const r = await writableResource(ctx, resourceId);
  const members = await repo.memberTenantIds(ctx.db, coop.id);
  if (!members.includes(r.tenant_id)) throw Forbidden(`Die Kommune der Ressource ist nicht Mitglied der Kooperation "${coop.name}"`);
  const runner = requireChecks(checks);
  await ctx.db.transaction().execute(async (trx) => {
    await check(trx, runner, schema, { resource_id: r.id, tenant_id: r.tenant_id, attached_by: actorLabel(ctx) });
    await recordAudit(trx, ctx, { tenantId: r.tenant_id, action: 'datastore.schema.attach', entityType: 'resource', entityId: r.id, after: { cooperation: coop.slug, schema: name, version: schema.version } });
  });
  const a = (await repo.attachments(ctx.db, schema.id)).find((x) => x.resource_id === r.id)!;
  return presentAttachment(a);
}

export async function detachResource(ctx: Ctx, slug: string, name: string, resourceId: string): Promise<void> {
  const { coop, schema } = await schemaOf(ctx, slug, name);
  const r = UUID_RE.test(resourceId) ? await readableResource(ctx, resourceId) : undefined;
  const a = r && (await repo.findAttachment(ctx.db, schema.id, r.id));
  if (!r || !a) throw NotFound('Angehängte Ressource');
  // The resource's editors, or whoever may change the cooperation's schemas.
  const p = requireScope(ctx, 'write');
  const editor = p.isPlatformAdmin || ['editor', 'admin'].includes(p.roles.get(r.tenant_id) ?? '');
  if (!editor) await requireSchemaAdmin(ctx, coop.id);
  await ctx.db.transaction().execute(async (trx) => {
    await repo.deleteAttachment(trx, schema.id, r.id);
    await recordAudit(trx, ctx, { tenantId: r.tenant_id, action: 'datastore.schema.detach', entityType: 'resource', entityId: r.id, before: { cooperation: coop.slug, schema: name, status: a.status } });
  });
}

/** The datastore resources of the member tenants the actor edits, for the attach form. */
export async function attachableResources(ctx: Ctx, slug: string, name: string) {
  requireScope(ctx, 'write');
  const { coop, schema } = await schemaOf(ctx, slug, name);
  const may = await permissionsOf(ctx, coop.id);
  const rows = may.attach ? await repo.attachable(ctx.db, coop.id, schema.id, may.tenants, ATTACHABLE_MAX) : [];
  return {
    items: rows.map((r) => ({
      resource_id: r.resource_id, resource_name: r.resource_name, dataset: r.dataset_name, dataset_title: r.dataset_title,
      tenant: r.tenant_slug, kommune: r.tenant_name, row_count: Number(r.row_count), attached: r.attached,
    })),
  };
}
