// The "Serviceversprechen" figures of a municipality or a whole cooperation (cities side by
// side): on-time rate per target, time to resolve per service, volume per month. Public; the
// same tables as JSON or CSV (open data).
import type { Ctx } from '../../../server/http/context.ts';
import { BadRequest, NotFound } from '../../../server/http/errors.ts';
import { members, findCooperation } from '../routing/repo.ts';
import * as repo from './repo.ts';

export const TABLES = ['on_time', 'resolution', 'volume'] as const;
export type TableName = (typeof TABLES)[number];

export async function scopeOf(ctx: Ctx, q: { tenant?: string; cooperation?: string; from?: string; to?: string }) {
  if (!!q.tenant === !!q.cooperation) throw BadRequest('Kommune oder Kooperation angeben', [{ field: 'tenant', message: 'genau eines von tenant und cooperation' }]);
  let tenants: { id: string; slug: string; name: string }[];
  if (q.tenant) {
    const t = await ctx.db.selectFrom('core_tenants').select(['id', 'slug', 'name']).where('slug', '=', q.tenant).executeTakeFirst();
    if (!t) throw NotFound(`Kommune „${q.tenant}“`);
    tenants = [t];
  } else {
    const c = await findCooperation(ctx.db, q.cooperation!);
    if (!c) throw NotFound(`Kooperation „${q.cooperation}“`);
    tenants = await members(ctx.db, c.id);
  }
  const to = q.to ? new Date(q.to) : new Date();
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - 365 * 24 * 3600 * 1000);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || from >= to) throw BadRequest('Zeitraum ungültig', [{ field: 'from', message: 'from und to als Datum (ISO 8601), from vor to' }]);
  return { tenants, from, to };
}

export async function promises(ctx: Ctx, q: { tenant?: string; cooperation?: string; from?: string; to?: string }) {
  const s = await scopeOf(ctx, q);
  const scope = { tenantIds: s.tenants.map((t) => t.id), from: s.from, to: s.to };
  const [onTime, resolution, volume] = await Promise.all([repo.onTime(ctx.db, scope), repo.resolution(ctx.db, scope), repo.volume(ctx.db, scope)]);
  return {
    period: { from: s.from.toISOString(), to: s.to.toISOString() },
    tenants: s.tenants.map((t) => ({ slug: t.slug, name: t.name })),
    on_time: onTime.map((r) => ({ ...r, rate: r.kept + r.missed ? Math.round((1000 * r.kept) / (r.kept + r.missed)) / 10 : null })),
    resolution, volume,
  };
}

/** One of the tables as CSV (header row, comma, RFC 4180 quoting). */
export function toCsv(rows: Record<string, unknown>[]): string {
  if (!rows.length) return '';
  const cols = Object.keys(rows[0]!);
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return `${[cols.join(','), ...rows.map((r) => cols.map((c) => cell(r[c])).join(','))].join('\r\n')}\r\n`;
}
