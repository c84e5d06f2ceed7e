// Loading resources into the datastore: start a load (from the uploaded file or a URL), follow
// its progress and problems. Loads run as jobs, one at a time per resource.
import type { Ctx } from '../../../server/http/context.ts';
import { isUser } from '../../../server/http/context.ts';
import { BadRequest, NotFound } from '../../../server/http/errors.ts';
import { recordAudit, type JobRunner } from '../../core/index.ts';
import { readableResource, writableResource } from '../access.ts';
import * as repo from './repo.ts';

export const LOAD_JOB = 'datastore.load';

type LoadRow = NonNullable<Awaited<ReturnType<typeof repo.findLoad>>>;

export function presentLoad(l: LoadRow) {
  return {
    id: Number(l.id), resource_id: l.resource_id, status: l.status, phase: l.phase, source: l.file_id ? 'upload' : 'url', source_url: l.source_url,
    bytes_total: l.bytes_total, bytes_done: l.bytes_done, rows_done: l.rows_done, row_count: l.row_count, checksum: l.checksum,
    problem_count: l.problem_count, error: l.error, version: l.version, fields: l.fields, dialect: l.dialect,
    created_by: l.created_by, created_at: l.created_at, started_at: l.started_at, finished_at: l.finished_at,
  };
}

export async function startLoad(ctx: Ctx, jobs: JobRunner | undefined, resourceId: string, body: { url?: string }) {
  const r = await writableResource(ctx, resourceId);
  if (!jobs) throw BadRequest('Diese Instanz führt keine Hintergrund-Jobs aus');
  const file = await ctx.db.selectFrom('catalog_resources').select('file_id').where('id', '=', r.id).executeTakeFirst();
  const fileId = body.url ? null : (file?.file_id ?? null);
  const url = body.url ?? (fileId ? null : r.url);
  if (!fileId && !url) throw BadRequest('Die Ressource hat weder eine hochgeladene Datei noch eine Adresse');
  const by = isUser(ctx.actor) ? ctx.actor.email : (ctx.actor?.label ?? 'system');
  const id = await ctx.db.transaction().execute(async (trx) => {
    const { id } = await repo.insertLoad(trx, { resourceId: r.id, tenantId: r.tenant_id, sourceUrl: url, fileId, createdBy: by });
    await jobs.enqueue(LOAD_JOB, { loadId: Number(id) }, { tenantId: r.tenant_id, db: trx });
    await recordAudit(trx, ctx, { tenantId: r.tenant_id, action: 'datastore.load', entityType: 'resource', entityId: r.id, after: { load: Number(id), url, fileId } });
    return Number(id);
  });
  return presentLoad((await repo.findLoad(ctx.db, id))!);
}

export async function listLoads(ctx: Ctx, resourceId: string) {
  const r = await readableResource(ctx, resourceId);
  return (await repo.loadsOf(ctx.db, r.id, 50)).map(presentLoad);
}

export async function getLoad(ctx: Ctx, loadId: number, q: { limit: number; offset: number }) {
  const l = await repo.findLoad(ctx.db, loadId);
  if (!l) throw NotFound('Ladevorgang');
  await readableResource(ctx, l.resource_id);
  const problems = await repo.problemsOf(ctx.db, loadId, q.limit, q.offset);
  return { ...presentLoad(l), problems: problems.map((p) => ({ row: Number(p.row_number), column: p.column_name, value: p.value, reason: p.reason })) };
}
