// SQL of saved views. Visibility is decided in one place (`visible`): a municipality sees its own
// views that are not private, its user's own private ones, and — when asked — the views its
// cooperation partners shared with their cooperations.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../server/db/types.ts';

type Q = Kysely<Database>;

const COLS = [
  'v.id', 'v.tenant_id', 't.slug as tenant', 't.name as tenant_name', 'v.name', 'v.description', 'v.visibility', 'v.definition',
  'v.copied_from', 'v.created_by', 'v.created_at', 'v.updated_at',
] as const;

/** Municipalities that share at least one cooperation with this one (not itself). */
function partnersOf(db: Q, tenantId: string) {
  return db.selectFrom('core_cooperation_members as a').innerJoin('core_cooperation_members as b', 'b.cooperation_id', 'a.cooperation_id')
    .select('b.tenant_id').where('a.tenant_id', '=', tenantId).where('b.tenant_id', '<>', tenantId);
}

/** The views `userId` may see from the municipality `tenantId`; `shared` adds the partners'. */
export function visible(db: Q, tenantId: string, userId: string, o: { shared: boolean; id?: string; limit?: number }) {
  let q = db.selectFrom('analytics_views as v').innerJoin('core_tenants as t', 't.id', 'v.tenant_id').select(COLS)
    .where((eb) => eb.or([
      eb.and([eb('v.tenant_id', '=', tenantId), eb.or([eb('v.visibility', '<>', 'private'), eb('v.created_by', '=', userId)])]),
      ...(o.shared ? [eb.and([eb('v.visibility', '=', 'cooperation'), eb('v.tenant_id', 'in', partnersOf(db, tenantId))])] : []),
    ]));
  if (o.id) q = q.where('v.id', '=', o.id);
  return q.orderBy(sql`v.tenant_id = ${tenantId}`, 'desc').orderBy('t.name').orderBy('v.name').limit(o.limit ?? 1000).execute();
}

export type ViewRow = Awaited<ReturnType<typeof visible>>[number];

export type NewView = { tenantId: string; name: string; description: string; visibility: string; definition: unknown; copiedFrom: string | null; createdBy: string };

/** The new view's id, or undefined when the municipality has a view of that name. */
export async function insert(db: Q, v: NewView): Promise<string | undefined> {
  const r = await db.insertInto('analytics_views').values({
    tenant_id: v.tenantId, name: v.name, description: v.description, visibility: v.visibility, definition: JSON.stringify(v.definition), copied_from: v.copiedFrom, created_by: v.createdBy,
  }).onConflict((oc) => oc.columns(['tenant_id', 'name']).doNothing()).returning('id').executeTakeFirst();
  return r?.id;
}

export type ViewChange = { name?: string; description?: string; visibility?: string; definition?: unknown };

/** False when the new name is taken in the municipality (the caller's transaction is then void). */
export async function update(db: Q, tenantId: string, id: string, c: ViewChange): Promise<boolean> {
  try {
    await db.updateTable('analytics_views').set({
      ...(c.name !== undefined ? { name: c.name } : {}), ...(c.description !== undefined ? { description: c.description } : {}),
      ...(c.visibility !== undefined ? { visibility: c.visibility } : {}), ...(c.definition !== undefined ? { definition: JSON.stringify(c.definition) } : {}),
      updated_at: sql`now()`,
    }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
    return true;
  } catch (e) {
    if ((e as { code?: string }).code === '23505') return false; // UNIQUE (tenant_id, name)
    throw e;
  }
}

export function remove(db: Q, tenantId: string, id: string) {
  return db.deleteFrom('analytics_views').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

/** Names in the municipality starting with `prefix` (to number copies). */
export async function namesLike(db: Q, tenantId: string, prefix: string): Promise<Set<string>> {
  const rows = await db.selectFrom('analytics_views').select('name').where('tenant_id', '=', tenantId)
    .where(sql<boolean>`left(name, ${prefix.length}) = ${prefix}`).execute();
  return new Set(rows.map((r) => r.name));
}

/** Locks the view row for the caller's transaction (update and delete against each other). */
export function lock(db: Q, tenantId: string, id: string) {
  return db.selectFrom('analytics_views').select(['id', 'name', 'description', 'visibility', 'definition', 'created_by'])
    .where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
}
