// Who may read and write a resource's datastore table: the rules of its dataset (public and
// active for everyone, private and drafts for members; editors of the tenant write).
import type { Ctx } from '../../server/http/context.ts';
import { NotFound } from '../../server/http/errors.ts';
import { requireTenantRole } from '../core/index.ts';
import { canSee } from '../catalog/service.ts';
import * as repo from './repo.ts';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function readableResource(ctx: Ctx, resourceId: string) {
  const r = UUID_RE.test(resourceId) ? await repo.resourceWithDataset(ctx.db, resourceId) : undefined;
  if (!r || !canSee(ctx, { tenant_id: r.tenant_id, state: r.state, private: r.private })) throw NotFound('Ressource');
  return r;
}

export async function writableResource(ctx: Ctx, resourceId: string) {
  const r = await readableResource(ctx, resourceId);
  requireTenantRole(ctx, r.tenant_id, 'editor', 'write');
  return r;
}

/** The served table of a readable resource, or 404 when nothing is loaded yet. */
export async function readableTable(ctx: Ctx, resourceId: string) {
  const r = await readableResource(ctx, resourceId);
  const t = await repo.findTable(ctx.db, r.id);
  if (!t) throw NotFound('Datastore-Tabelle');
  return { resource: r, table: t };
}
