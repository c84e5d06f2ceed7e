// Catalogue use cases behind the CKAN actions: who may see and change which dataset, and the
// history of every change. Permissions come from core: editors of the owning tenant write.
import type { Ctx } from '../../server/http/context.ts';
import { isUser } from '../../server/http/context.ts';
import { NotFound } from '../../server/http/errors.ts';
import { violatedConstraint } from '../../server/db/errors.ts';
import { canSeePrivate, hasRole, recordAudit, requireTenantRole } from '../core/index.ts';
import * as repo from './repo.ts';
import { CkanValidation, missing } from './ckan/errors.ts';
import { readPackage, type DatasetInput } from './ckan/package-input.ts';
import { derivedExtras, presentPackage, toInput, type PackageDict } from './ckan/package-dict.ts';

/** Public and active for everyone; drafts and private datasets for members; deleted for editors. */
export function canSee(ctx: Ctx, d: { tenant_id: string; state: string; private: boolean }): boolean {
  if (d.state === 'deleted') return isUser(ctx.actor) && hasRole(ctx.actor, d.tenant_id, 'editor');
  if (d.state === 'active' && !d.private) return true;
  return canSeePrivate(ctx, d.tenant_id);
}

export async function loadDataset(ctx: Ctx, idOrName: string | undefined) {
  if (!idOrName) throw missing('id');
  const d = await repo.findDataset(ctx.db, idOrName);
  if (!d || !canSee(ctx, d)) throw NotFound('Datensatz');
  return d;
}

export async function showPackage(ctx: Ctx, idOrName: string | undefined): Promise<PackageDict> {
  const d = await loadDataset(ctx, idOrName);
  return presentPackage(d, await repo.resourcesOf(ctx.db, [d.id]));
}

async function owningOrganization(ctx: Ctx, ownerOrg: string) {
  const o = await repo.findOrganization(ctx.db, ownerOrg);
  if (!o) throw new CkanValidation({ owner_org: [`Organization does not exist: ${ownerOrg}`] });
  return o;
}

function nameTaken(err: unknown): never {
  if (violatedConstraint(err) === 'catalog_datasets_name_key') throw new CkanValidation({ name: ['That URL is already in use.'] });
  throw err;
}

const actorLabel = (ctx: Ctx) => (isUser(ctx.actor) ? ctx.actor.email : (ctx.actor?.label ?? 'system'));

async function save(ctx: Ctx, input: DatasetInput, existing?: repo.DatasetRow): Promise<PackageDict> {
  const org = await owningOrganization(ctx, input.owner_org!);
  requireTenantRole(ctx, org.tenant_id, 'editor', 'write');
  if (existing && existing.tenant_id !== org.tenant_id) requireTenantRole(ctx, existing.tenant_id, 'editor', 'write');
  const before = existing ? presentPackage(existing, await repo.resourcesOf(ctx.db, [existing.id])) : null;
  return ctx.db
    .transaction()
    .execute(async (trx) => {
      let id: string;
      if (existing) {
        id = existing.id;
        await repo.updateDataset(trx, id, input, org.id);
      } else {
        id = (await repo.insertDataset(trx, input, { tenantId: org.tenant_id, organizationId: org.id, userId: isUser(ctx.actor) ? ctx.actor.userId : null })).id;
      }
      if (input.resources) await repo.replaceResources(trx, id, org.tenant_id, input.resources);
      let row = (await repo.findDataset(trx, id))!;
      // A client that sends a package_show dict back (show → edit → update) also sends the derived
      // extras; stored, they would freeze (a renamed organisation would keep its old publisher_name).
      const derived = derivedExtras(row);
      const echoed = Object.keys(row.extras).filter((k) => derived[k] !== undefined && derived[k] === row.extras[k]);
      if (echoed.length) {
        await repo.updateExtras(trx, id, Object.fromEntries(Object.entries(row.extras).filter(([k]) => !echoed.includes(k))));
        row = (await repo.findDataset(trx, id))!;
      }
      const after = presentPackage(row, await repo.resourcesOf(trx, [id]));
      const action = existing ? 'package.update' : 'package.create';
      await repo.insertHistory(trx, { datasetId: id, tenantId: org.tenant_id, actor: actorLabel(ctx), action, before, after });
      await recordAudit(trx, ctx, { tenantId: org.tenant_id, action, entityType: 'dataset', entityId: id, before, after });
      return after;
    })
    .catch(nameTaken);
}

export async function createPackage(ctx: Ctx, raw: unknown) {
  const { input, errors } = readPackage(raw);
  if (Object.keys(errors).length) throw new CkanValidation(errors);
  return save(ctx, input);
}

/** package_update replaces the metadata; resources stay unless a resources list is given. */
export async function updatePackage(ctx: Ctx, raw: unknown) {
  const dict = (raw ?? {}) as Record<string, unknown>;
  const existing = await loadDataset(ctx, String(dict.id ?? dict.name ?? '') || undefined);
  const { input, errors } = readPackage(raw);
  if (!('resources' in dict)) input.resources = undefined;
  if (Object.keys(errors).length) throw new CkanValidation(errors);
  return save(ctx, input, existing);
}

export async function patchPackage(ctx: Ctx, raw: unknown) {
  const dict = (raw ?? {}) as Record<string, unknown>;
  const existing = await loadDataset(ctx, String(dict.id ?? '') || undefined);
  const base = toInput(existing, await repo.resourcesOf(ctx.db, [existing.id]));
  const { input, errors } = readPackage({ ...dict, id: undefined }, base);
  if (Object.keys(errors).length) throw new CkanValidation(errors);
  return save(ctx, input, existing);
}

export async function deletePackage(ctx: Ctx, idOrName: string | undefined) {
  const d = await loadDataset(ctx, idOrName);
  requireTenantRole(ctx, d.tenant_id, 'editor', 'write');
  await ctx.db.transaction().execute(async (trx) => {
    await repo.setDatasetState(trx, d.id, 'deleted');
    await repo.insertHistory(trx, { datasetId: d.id, tenantId: d.tenant_id, actor: actorLabel(ctx), action: 'package.delete', before: { state: d.state }, after: { state: 'deleted' } });
    await recordAudit(trx, ctx, { tenantId: d.tenant_id, action: 'package.delete', entityType: 'dataset', entityId: d.id, before: { state: d.state }, after: { state: 'deleted' } });
  });
  return null;
}

export async function datasetHistory(ctx: Ctx, idOrName: string | undefined) {
  const d = await loadDataset(ctx, idOrName);
  return repo.historyOf(ctx.db, d.id);
}
