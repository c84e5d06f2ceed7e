// SQL of a service's settings (name, owners), of reading its feedback comments, and of their
// retention.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../server/db/types.ts';

type Q = Kysely<Database>;

/** The service's name, locked for the caller's transaction (undefined when none was set). */
export function serviceForUpdate(db: Q, tenantId: string, serviceKey: string) {
  return db.selectFrom('analytics_services').select(['name', 'updated_at']).where('tenant_id', '=', tenantId).where('service_key', '=', serviceKey).forUpdate().executeTakeFirst();
}

export function service(db: Q, tenantId: string, serviceKey: string) {
  return db.selectFrom('analytics_services').select(['name', 'updated_at']).where('tenant_id', '=', tenantId).where('service_key', '=', serviceKey).executeTakeFirst();
}

export function owners(db: Q, tenantId: string, serviceKey: string) {
  return db.selectFrom('analytics_service_owners as o').innerJoin('core_users as u', 'u.id', 'o.user_id')
    .select(['u.id', 'u.email', 'u.name']).where('o.tenant_id', '=', tenantId).where('o.service_key', '=', serviceKey).orderBy('u.email').execute();
}

export async function isOwner(db: Q, tenantId: string, serviceKey: string, userId: string): Promise<boolean> {
  const r = await db.selectFrom('analytics_service_owners').select('user_id')
    .where('tenant_id', '=', tenantId).where('service_key', '=', serviceKey).where('user_id', '=', userId).executeTakeFirst();
  return r !== undefined;
}

/** Users by e-mail (case-insensitive) with their role in the tenant (null when not a member). */
export function usersByEmail(db: Q, tenantId: string, emails: string[]) {
  if (!emails.length) return Promise.resolve([]);
  return db.selectFrom('core_users as u')
    .leftJoin('core_memberships as m', (j) => j.onRef('m.user_id', '=', 'u.id').on('m.tenant_id', '=', tenantId))
    .select(['u.id', 'u.email', 'm.role']).where(sql<string>`lower(u.email)`, 'in', emails.map((e) => e.toLowerCase())).execute();
}

export async function saveService(db: Q, tenantId: string, serviceKey: string, name: string, ownerIds: string[]) {
  await db.insertInto('analytics_services').values({ tenant_id: tenantId, service_key: serviceKey, name })
    .onConflict((oc) => oc.columns(['tenant_id', 'service_key']).doUpdateSet({ name, updated_at: sql`now()` })).execute();
  let del = db.deleteFrom('analytics_service_owners').where('tenant_id', '=', tenantId).where('service_key', '=', serviceKey);
  if (ownerIds.length) del = del.where('user_id', 'not in', ownerIds);
  await del.execute();
  if (ownerIds.length) {
    await db.insertInto('analytics_service_owners').values(ownerIds.map((user_id) => ({ tenant_id: tenantId, service_key: serviceKey, user_id })))
      .onConflict((oc) => oc.doNothing()).execute();
  }
}

export type CommentFilter = { from?: string; to?: string; ratings?: number[]; after?: { day: string; id: string }; limit: number };

/** Newest first by day (then id, so the order is total and a cursor can continue it). */
export function comments(db: Q, tenantId: string, serviceKey: string, f: CommentFilter) {
  let q = db.selectFrom('analytics_comments')
    .select(['id', sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'), 'rating', 'comment', 'online_service', 'form_version'])
    .where('tenant_id', '=', tenantId).where('service_key', '=', serviceKey);
  if (f.from) q = q.where('day', '>=', f.from);
  if (f.to) q = q.where('day', '<=', f.to);
  if (f.ratings?.length) q = q.where('rating', 'in', f.ratings);
  if (f.after) q = q.where(sql<boolean>`(day, id) < (${f.after.day}::date, ${f.after.id}::uuid)`);
  return q.orderBy('day', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
}

/**
 * Deletes up to `limit` comments received before `cutoff`; returns their municipalities. SKIP
 * LOCKED lets a second run at the same time (another instance, a manual run) take other rows
 * instead of waiting for these or counting them twice.
 */
export async function deleteExpired(db: Q, cutoff: Date, limit: number) {
  const r = await sql<{ tenant_id: string }>`
    DELETE FROM analytics_comments WHERE id IN (
      SELECT id FROM analytics_comments WHERE received_at < ${cutoff} ORDER BY received_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    RETURNING tenant_id`.execute(db);
  return r.rows;
}
