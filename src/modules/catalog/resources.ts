// Resource use cases (resource_create/update/patch/delete): each changes the owning dataset's
// modification time and history, in one transaction.
import type { Ctx } from '../../server/http/context.ts';
import { isUser } from '../../server/http/context.ts';
import { NotFound } from '../../server/http/errors.ts';
import { recordAudit, requireTenantRole } from '../core/index.ts';
import * as repo from './repo.ts';
import { loadDataset } from './service.ts';
import { CkanValidation, missing } from './ckan/errors.ts';
import { readResource, type ResourceInput } from './ckan/package-input.ts';
import { presentResource } from './ckan/package-dict.ts';

type Dict = Record<string, unknown>;

function validated(raw: Dict, base?: ResourceInput): ResourceInput {
  const errors: Record<string, string[]> = {};
  const input = readResource(base ? { ...base, license: base.license_id, ...raw } : raw, (f, m) => (errors[f] ??= []).push(m));
  if (Object.keys(errors).length) throw new CkanValidation(errors);
  return input;
}

async function loadResource(ctx: Ctx, id: unknown) {
  if (typeof id !== 'string' || !id) throw missing('id');
  const r = /^[0-9a-f-]{36}$/i.test(id) ? await repo.findResource(ctx.db, id) : undefined;
  if (!r) throw NotFound('Ressource');
  const d = await loadDataset(ctx, r.dataset_id);
  return { r, d };
}

async function commit(ctx: Ctx, d: repo.DatasetRow, action: string, before: unknown, run: (trx: Ctx['db']) => Promise<string | null>) {
  requireTenantRole(ctx, d.tenant_id, 'editor', 'write');
  return ctx.db.transaction().execute(async (trx) => {
    const id = await run(trx);
    await repo.touchDataset(trx, d.id);
    const after = id ? presentResource((await repo.findResource(trx, id))!) : null;
    const actor = isUser(ctx.actor) ? ctx.actor.email : 'system';
    await repo.insertHistory(trx, { datasetId: d.id, tenantId: d.tenant_id, actor, action, before, after });
    await recordAudit(trx, ctx, { tenantId: d.tenant_id, action, entityType: 'resource', entityId: id, before, after });
    return after;
  });
}

export async function createResource(ctx: Ctx, raw: Dict) {
  const d = await loadDataset(ctx, typeof raw.package_id === 'string' ? raw.package_id : undefined);
  const input = validated(raw);
  const { n } = await repo.resourceCount(ctx.db, d.id);
  return commit(ctx, d, 'resource.create', null, (trx) => repo.upsertResource(trx, d.id, d.tenant_id, n, { ...input, id: undefined }));
}

/** update replaces the resource's fields; patch changes only the given ones. */
export async function updateResource(ctx: Ctx, raw: Dict, patch: boolean) {
  const { r, d } = await loadResource(ctx, raw.id);
  const before = presentResource(r);
  const base: ResourceInput = { id: r.id, name: r.name, description: r.description, url: r.url, format: r.format, mimetype: r.mimetype, size: r.size, hash: r.hash, license_id: r.license_id, url_type: r.url_type, last_modified: r.last_modified ? new Date(r.last_modified).toISOString() : null };
  const input = validated(raw, patch ? base : undefined);
  return commit(ctx, d, 'resource.update', before, (trx) => repo.upsertResource(trx, d.id, d.tenant_id, r.position, { ...input, id: r.id }));
}

export async function deleteResource(ctx: Ctx, raw: Dict) {
  const { r, d } = await loadResource(ctx, raw.id);
  await commit(ctx, d, 'resource.delete', presentResource(r), async (trx) => {
    await repo.deleteResource(trx, r.id);
    return null;
  });
  return null;
}
