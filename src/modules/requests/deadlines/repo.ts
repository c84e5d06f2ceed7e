// SQL of service levels: calendars, the facts a recomputation needs, materialised deadlines,
// and the record of thresholds already acted on.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../server/db/types.ts';

type Q = Kysely<Database>;

export function calendarOf(db: Q, tenantId: string) {
  return db.selectFrom('requests_calendars').select(['config', 'updated_at']).where('tenant_id', '=', tenantId).executeTakeFirst();
}

export function saveCalendar(db: Q, tenantId: string, config: unknown) {
  return db.insertInto('requests_calendars').values({ tenant_id: tenantId, config: JSON.stringify(config) })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ config: JSON.stringify(config), updated_at: sql<Date>`now()` })).execute();
}

/** The request with its service's policies, locked so concurrent recomputations queue. */
export function caseFacts(db: Q, requestId: string) {
  return db.selectFrom('requests_items as r').innerJoin('requests_services as s', 's.id', 'r.service_id')
    .select(['r.id', 'r.tenant_id', 'r.number', 'r.state', 'r.priority', 'r.source', 'r.expected_at', 's.sla_policy', 's.name as service_name'])
    .where('r.id', '=', requestId).forUpdate('r').executeTakeFirst();
}

export function events(db: Q, requestId: string) {
  return db.selectFrom('requests_events').select(['id', 'at', 'kind', 'to_state', 'public']).where('request_id', '=', requestId).orderBy('at').orderBy('id').execute();
}

export function announced(db: Q, requestId: string) {
  return db.selectFrom('requests_deadlines').select(['clock', 'cycle', 'announced_due_at']).where('request_id', '=', requestId).where('announced_due_at', 'is not', null).execute();
}

export async function replaceDeadlines(db: Q, requestId: string, rows: Database['requests_deadlines'][]) {
  await db.deleteFrom('requests_deadlines').where('request_id', '=', requestId).execute();
  if (rows.length) await db.insertInto('requests_deadlines').values(rows as never).execute();
}

export function setExpected(db: Q, requestId: string, at: Date | null) {
  return db.updateTable('requests_items').set({ expected_at: at }).where('id', '=', requestId).execute();
}

/** Thresholds of a request already acted on, as "clock:cycle:percent". */
export async function firedKeys(db: Q, requestId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('requests_sla_fired').select(['clock', 'cycle', 'percent']).where('request_id', '=', requestId).execute();
  return new Set(rows.map((f) => `${f.clock}:${f.cycle}:${Number(f.percent)}`));
}

/** True the first time a threshold is acted on (the exactly-once guard across instances and retries). */
export async function markFired(db: Q, t: { requestId: string; clock: string; cycle: number; percent: number }): Promise<boolean> {
  const r = await db.insertInto('requests_sla_fired').values({ request_id: t.requestId, clock: t.clock, cycle: t.cycle, percent: String(t.percent) })
    .onConflict((oc) => oc.doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export function announce(db: Q, requestId: string, clock: string, at: Date) {
  return db.updateTable('requests_deadlines').set({ announced_due_at: at }).where('request_id', '=', requestId).where('clock', '=', clock).execute();
}

export function raisePriority(db: Q, requestId: string) {
  return db.updateTable('requests_items').set({ priority: sql<number>`least(priority + 1, 4)` }).where('id', '=', requestId).execute();
}

/** Open requests with a policy, for the sweep that makes sure every timer is queued. */
export function openWithPolicy(db: Q, limit: number) {
  return db.selectFrom('requests_items as r').innerJoin('requests_services as s', 's.id', 'r.service_id').select('r.id')
    .where('r.state', 'not in', ['closed']).where('s.sla_policy', 'is not', null).orderBy('r.updated_at', 'desc').limit(limit).execute();
}

/** The staff member behind a department's escalation contact (team lead / head of unit), if that
 *  address belongs to a user of the municipality: whom a 'reassign' escalation hands the case to. */
export function escalationUser(db: Q, requestId: string, role: 'team_lead' | 'head_of_unit') {
  return db.selectFrom('requests_items as r')
    .innerJoin('requests_department_contacts as c', (j) => j.onRef('c.department_id', '=', 'r.department_id').on('c.role', '=', role))
    .innerJoin('core_users as u', (j) => j.on(sql`lower(u.email)`, '=', sql`lower(c.email)`))
    .innerJoin('core_memberships as m', (j) => j.onRef('m.user_id', '=', 'u.id').onRef('m.tenant_id', '=', 'r.tenant_id'))
    .select(['u.id', 'u.email']).where('r.id', '=', requestId).where('u.disabled', '=', false).executeTakeFirst();
}

export function reassign(db: Q, requestId: string, userId: string) {
  return db.updateTable('requests_items').set({ assignee_id: userId }).where('id', '=', requestId).execute();
}
