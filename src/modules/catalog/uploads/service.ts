// Resource uploads: CKAN's multipart resource_create/update/patch, the plain REST upload, and
// the download of an uploaded file (visible to whoever may see its dataset).
import type { FastifyRequest } from 'fastify';
import type { Ctx } from '../../../server/http/context.ts';
import { isUser } from '../../../server/http/context.ts';
import { AppError, NotFound, ValidationFailed } from '../../../server/http/errors.ts';
import { deleteFile, requireScope, requireTenantRole, storedFile, type FileMeta } from '../../core/index.ts';
import * as repo from '../repo.ts';
import { loadDataset } from '../service.ts';
import * as resources from '../resources.ts';
import { CkanValidation } from '../ckan/errors.ts';
import type { Params } from '../ckan/params.ts';
import { readForm, refuseOversizedBody, type Form } from './multipart.ts';

export type UploadConfig = { maxBytes: number; baseUrl: string };

const UPLOAD_ACTIONS = new Set(['resource_create', 'resource_update', 'resource_patch']);
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const tooLarge = (maxBytes: number) => () =>
  new AppError(413, 'payload-too-large', 'Datei zu groß', `Die Anfrage ist größer als die erlaubte Dateigröße (${maxBytes} Bytes).`, [{ field: 'upload', message: 'Datei zu groß', code: 'too_large' }]);

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** Refuses a file for a dataset the caller may not edit before any byte is stored, when the
 *  form names it before the file (as CKAN clients send it). */
async function checkTarget(ctx: Ctx, action: string, fields: Form['fields']) {
  if (action === 'resource_create') {
    const id = one(fields.package_id);
    if (id) requireTenantRole(ctx, (await loadDataset(ctx, id)).tenant_id, 'editor', 'write');
    return;
  }
  const rid = one(fields.id);
  if (rid && UUID_RE.test(rid)) {
    const r = await repo.findResource(ctx.db, rid);
    if (r) requireTenantRole(ctx, (await loadDataset(ctx, r.dataset_id)).tenant_id, 'editor', 'write');
  }
}

async function withFile<T>(ctx: Ctx, form: Form, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    // The file was not claimed (the transaction failed or never ran): remove it now.
    if (form.file) await deleteFile(ctx.db, form.file.id).catch(() => undefined);
    throw err;
  }
}

/** A CKAN action called with multipart/form-data: fields are its parameters; resource actions
 *  also take the file `upload`. Anonymous uploads are refused before the body is read. */
export async function ckanMultipartAction(ctx: Ctx, req: FastifyRequest, action: string, run: (p: Params) => Promise<unknown>, cfg: UploadConfig) {
  const takesFile = UPLOAD_ACTIONS.has(action);
  if (takesFile) {
    requireScope(ctx, 'write');
    refuseOversizedBody(req, cfg.maxBytes, tooLarge(cfg.maxBytes));
  }
  const form = await readForm(req, {
    db: ctx.db, maxBytes: cfg.maxBytes, createdBy: isUser(ctx.actor) ? ctx.actor.userId : null, allowFile: takesFile,
    beforeFile: (fields) => checkTarget(ctx, action, fields),
  });
  const params: Params = { ...((req.query ?? {}) as Params), ...form.fields };
  if (!form.file) return run(params);
  const up = { file: form.file, baseUrl: cfg.baseUrl };
  return withFile(ctx, form, () =>
    action === 'resource_create' ? resources.createResource(ctx, params, up) : resources.updateResource(ctx, params, action === 'resource_patch', up),
  );
}

/** POST /api/v1/catalog/datasets/{idOrName}/resources/upload: a new file resource; CKAN's
 *  validation errors become a 422 problem with the same field names. */
export async function restUpload(ctx: Ctx, req: FastifyRequest, idOrName: string, cfg: UploadConfig) {
  requireScope(ctx, 'write');
  refuseOversizedBody(req, cfg.maxBytes, tooLarge(cfg.maxBytes));
  const d = await loadDataset(ctx, idOrName);
  requireTenantRole(ctx, d.tenant_id, 'editor', 'write');
  const form = await readForm(req, { db: ctx.db, maxBytes: cfg.maxBytes, createdBy: isUser(ctx.actor) ? ctx.actor.userId : null, allowFile: true });
  if (!form.file) throw ValidationFailed([{ field: 'upload', message: 'Bitte wählen Sie eine Datei.' }]);
  const fields = Object.fromEntries(Object.entries(form.fields).map(([k, v]) => [k, one(v)]));
  return withFile(ctx, form, async () => {
    try {
      return await resources.createResource(ctx, { ...fields, package_id: d.id }, { file: form.file!, baseUrl: cfg.baseUrl });
    } catch (err) {
      if (err instanceof CkanValidation) throw ValidationFailed(Object.entries(err.fields).flatMap(([field, msgs]) => msgs.map((message) => ({ field, message }))));
      throw err;
    }
  });
}

export type Download = { redirect: string } | { file: FileMeta; cache: 'public' | 'private' };

/** The file behind /dataset/{id}/resource/{rid}/download/{name}; a link resource redirects. */
export async function download(ctx: Ctx, datasetIdOrName: string, resourceId: string): Promise<Download> {
  const r = UUID_RE.test(resourceId) ? await repo.findResource(ctx.db, resourceId) : undefined;
  if (!r) throw NotFound('Ressource');
  const d = await loadDataset(ctx, r.dataset_id);
  if (datasetIdOrName !== d.id && datasetIdOrName !== d.name) throw NotFound('Ressource');
  if (!r.file_id) return { redirect: r.url };
  return { file: await storedFile(ctx.db, r.file_id), cache: d.state === 'active' && !d.private ? 'public' : 'private' };
}
