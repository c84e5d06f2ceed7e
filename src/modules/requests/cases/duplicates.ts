// Duplicates: the same problem reported twice. Suggested when another open or recent request of
// the same service lies within 100 m and 7 days; merging closes the duplicate with a public note
// pointing to the request that carries on, and both timelines record it.
import type { Ctx } from '../../../server/http/context.ts';
import { BadRequest, Conflict, NotFound } from '../../../server/http/errors.ts';
import { requireTenantRole } from '../../core/index.ts';
import * as requests from '../repo.ts';
import * as repo from './repo.ts';
import { recompute } from '../deadlines/recompute.ts';

export const DUPLICATE_METRES = 100;
export const DUPLICATE_DAYS = 7;

/** Great-circle distance in metres (haversine; exact enough at city scale). */
export function metresBetween(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(a));
}

export async function suggestions(ctx: Ctx, number: string) {
  const c = await repo.findCase(ctx.db, number);
  if (!c) throw NotFound(`Vorgang ${number}`);
  requireTenantRole(ctx, c.tenant_id, 'viewer', 'read');
  if (c.lat === null || c.lon === null) return { items: [] };
  const near = await repo.nearbySameService(ctx.db, { ...c, lat: c.lat, lon: c.lon }, { metres: DUPLICATE_METRES, days: DUPLICATE_DAYS });
  const items = near.map((n) => ({ number: n.number, state: n.state, description: n.description, requested_at: n.requested_at, metres: Math.round(metresBetween(c.lat!, c.lon!, n.lat!, n.lon!)) }))
    .filter((n) => n.metres <= DUPLICATE_METRES).sort((a, b) => a.metres - b.metres);
  return { items };
}

export async function merge(ctx: Ctx, number: string, into: string) {
  if (number === into) throw BadRequest('Ein Vorgang ist kein Duplikat von sich selbst', [{ field: 'into', message: 'andere Nummer angeben' }]);
  const probe = await repo.findCase(ctx.db, number);
  if (!probe) throw NotFound(`Vorgang ${number}`);
  const actor = requireTenantRole(ctx, probe.tenant_id, 'editor', 'write');
  return ctx.db.transaction().execute(async (trx) => {
    const dup = (await repo.findCase(trx, number, true))!;
    const target = await repo.findCase(trx, into, true);
    if (!target || target.tenant_id !== dup.tenant_id) throw BadRequest('Unbekannter Vorgang', [{ field: 'into', message: `${into} gibt es in dieser Kommune nicht` }]);
    if (dup.merged_into) throw Conflict(`${number} ist schon zusammengeführt`);
    if (target.merged_into) throw Conflict(`${into} ist selbst ein zusammengeführtes Duplikat`, [{ field: 'into', message: 'den weitergeführten Vorgang angeben' }]);
    await repo.markMerged(trx, dup.id, target.id);
    await requests.insertEvent(trx, { requestId: dup.id, tenantId: dup.tenant_id, kind: 'merged', fromState: dup.state, toState: 'closed', public: true, actorId: actor.userId,
      text: `Dasselbe Anliegen wurde schon gemeldet; es wird unter ${into} weiter bearbeitet.`, data: { into } });
    await requests.insertEvent(trx, { requestId: target.id, tenantId: target.tenant_id, kind: 'merged', public: false, actorId: actor.userId, text: `Duplikat ${number} hierher zusammengeführt`, data: { from: number } });
    await recompute(trx, dup.id);
    return { number, merged_into: into, state: 'closed' };
  });
}
