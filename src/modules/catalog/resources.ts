// Resource use cases (resource_create/update/patch/delete): each changes the owning dataset's
// modification time and history, in one transaction. A resource is a link or an uploaded file:
// with an upload, the stored file is claimed and linked in that same transaction.
import type { Ctx } from '../../server/http/context.ts';
import { isUser } from '../../server/http/context.ts';
import { NotFound } from '../../server/http/errors.ts';
import { claimFile, recordAudit, requireTenantRole, type StoredFile } from '../core/index.ts';
import * as repo from './repo.ts';
import * as uploadsRepo from './uploads/repo.ts';
import { loadDataset } from './service.ts';
import { CkanValidation, missing } from './ckan/errors.ts';
import { readResource, type ResourceInput } from './ckan/package-input.ts';
import { presentResource } from './ckan/package-dict.ts';

type Dict = Record<string, unknown>;

/** A file stored for a resource, and the base of its download URL (PUBLIC_URL). */
export type Upload = { file: StoredFile; baseUrl: string };

/** CKAN's download URL of an uploaded resource. */
export const downloadUrl = (baseUrl: string, datasetId: string, resourceId: string, filename: string) =>
  `${baseUrl.replace(/\/+$/, '')}/dataset/${datasetId}/resource/${resourceId}/download/${encodeURIComponent(filename)}`;

/** The resource dict with what the upload decides: URL, type, size, checksum, media type;
 *  format from the file name and name from the file name (or the kept name) unless given. */
function withUpload(raw: Dict, up: Upload | undefined, datasetId: string, resourceId: string, keptName?: string): Dict {
  if (!up) return raw;
  const f = up.file;
  const given = (k: string) => typeof raw[k] === 'string' && (raw[k] as string).trim() !== '';
  const ext = /\.([A-Za-z0-9]{1,12})$/.exec(f.filename)?.[1]?.toUpperCase() ?? '';
  return {
    ...raw, url: downloadUrl(up.baseUrl, datasetId, resourceId, f.filename), url_type: 'upload', size: f.size, hash: f.sha256, mimetype: f.contentType,
    name: given('name') ? raw.name : keptName || f.filename, format: given('format') ? raw.format : ext,
  };
}

async function attach(trx: Ctx['db'], d: repo.DatasetRow, resourceId: string, up: Upload) {
  if (!(await claimFile(trx, up.file.id, d.tenant_id))) throw new Error(`upload ${up.file.id} is no longer pending`);
  await uploadsRepo.attachFile(trx, resourceId, { fileId: up.file.id, url: downloadUrl(up.baseUrl, d.id, resourceId, up.file.filename), size: up.file.size, sha256: up.file.sha256, mimetype: up.file.contentType });
}

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

export async function createResource(ctx: Ctx, raw: Dict, up?: Upload) {
  const d = await loadDataset(ctx, typeof raw.package_id === 'string' ? raw.package_id : undefined);
  // The resource id is not known yet: the URL is completed once the row exists.
  const input = validated(withUpload(raw, up, d.id, 'neu'));
  const { n } = await repo.resourceCount(ctx.db, d.id);
  return commit(ctx, d, 'resource.create', null, async (trx) => {
    const id = await repo.upsertResource(trx, d.id, d.tenant_id, n, { ...input, id: undefined });
    if (up) await attach(trx, d, id, up);
    return id;
  });
}

/** update replaces the resource's fields; patch changes only the given ones. */
export async function updateResource(ctx: Ctx, raw: Dict, patch: boolean, up?: Upload) {
  const { r, d } = await loadResource(ctx, raw.id);
  const before = presentResource(r);
  const base: ResourceInput = { id: r.id, name: r.name, description: r.description, url: r.url, format: r.format, mimetype: r.mimetype, size: r.size, hash: r.hash, license_id: r.license_id, url_type: r.url_type, last_modified: r.last_modified ? new Date(r.last_modified).toISOString() : null };
  // A new file brings its format; a patch keeps the resource's name.
  const input = validated(withUpload(raw, up, d.id, r.id, patch ? r.name : undefined), patch ? base : undefined);
  return commit(ctx, d, 'resource.update', before, async (trx) => {
    const id = await repo.upsertResource(trx, d.id, d.tenant_id, r.position, { ...input, id: r.id });
    if (up) await attach(trx, d, id, up);
    return id;
  });
}

export async function deleteResource(ctx: Ctx, raw: Dict) {
  const { r, d } = await loadResource(ctx, raw.id);
  await commit(ctx, d, 'resource.delete', presentResource(r), async (trx) => {
    await repo.deleteResource(trx, r.id);
    return null;
  });
  return null;
}
