// The change history of a dataset as readable diffs. Like CKAN's activity stream it is public
// for public datasets; who made a change is shown by name (e-mail) only to members of the
// tenant, everyone else sees the publishing organisation.
import type { Ctx } from '../../../server/http/context.ts';
import { canSeePrivate } from '../../core/index.ts';
import { loadDataset } from '../service.ts';
import * as repo from './repo.ts';
import { diffEntry } from './diff.ts';

export type Actor = { label: string; kind: 'person' | 'organisation' | 'system' };

export async function datasetHistory(ctx: Ctx, idOrName: string, limit: number, offset: number) {
  const d = await loadDataset(ctx, idOrName);
  const member = canSeePrivate(ctx, d.tenant_id);
  const [rows, total] = await Promise.all([repo.historyPage(ctx.db, d.id, limit, offset), repo.historyCount(ctx.db, d.id)]);
  const actor = (label: string): Actor => {
    const person = label.includes('@');
    if (!person) return { label, kind: 'system' };
    return member ? { label, kind: 'person' } : { label: d.org_title, kind: 'organisation' };
  };
  return {
    items: rows.map((h) => ({ id: h.id, at: new Date(h.at).toISOString(), action: h.action, actor: actor(h.actor), ...diffEntry(h.action, h.before, h.after) })),
    total, limit, offset,
  };
}
