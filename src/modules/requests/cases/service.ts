// Staff case handling: read a case with its whole timeline, move it through its states, assign
// it (department, person, priority; also many at once), and write internal notes or public
// updates. Every change is one transaction with its event; the event log is the case's history.
import type { Ctx } from '../../../server/http/context.ts';
import { BadRequest, Conflict, NotFound } from '../../../server/http/errors.ts';
import { requireTenantRole, tenantRef } from '../../core/index.ts';
import * as requests from '../repo.ts';
import { STATE_LABELS, type State } from '../tables.ts';
import type { InboxQueryT } from './contract.ts';
import * as repo from './repo.ts';
import { recompute } from '../deadlines/recompute.ts';
import { queueNotification } from '../notify/index.ts';
import { canMove, isFinished, isReopen, TRANSITIONS } from './transitions.ts';

async function caseOf(ctx: Ctx, number: string, lock = false) {
  const c = await repo.findCase(ctx.db, number, lock);
  if (!c) throw NotFound(`Vorgang ${number}`);
  return c;
}

export async function getCase(ctx: Ctx, number: string) {
  const c = await caseOf(ctx, number);
  requireTenantRole(ctx, c.tenant_id, 'viewer', 'read');
  const view = (await repo.caseView(ctx.db, number))!;
  const events = await repo.timeline(ctx.db, c.id);
  const state = view.state as State;
  return { ...view, state_label: STATE_LABELS[state], next_states: TRANSITIONS[state], events };
}

export async function transition(ctx: Ctx, number: string, body: { to: State; public_note?: string }) {
  const probe = await caseOf(ctx, number);
  const actor = requireTenantRole(ctx, probe.tenant_id, 'editor', 'write');
  return ctx.db.transaction().execute(async (trx) => {
    const c = (await repo.findCase(trx, number, true))!;
    const from = c.state;
    if (!canMove(from, body.to)) {
      throw Conflict(`Von „${STATE_LABELS[from]}“ geht es nicht nach „${STATE_LABELS[body.to]}“`, [{ field: 'to', message: `erlaubt: ${TRANSITIONS[from].join(', ') || '—'}` }]);
    }
    await repo.updateCase(trx, c.id, { state: body.to, closed_at: isFinished(body.to) ? (c.closed_at ?? new Date()) : null });
    const e = await requests.insertEvent(trx, { requestId: c.id, tenantId: c.tenant_id, kind: isReopen(from, body.to) ? 'reopened' : 'state', fromState: from, toState: body.to, public: true, text: body.public_note ?? null, actorId: actor.userId });
    await recompute(trx, c.id);
    // The reporter hears of it if they asked to (after recompute: the mail names the new date).
    await queueNotification(trx, {
      tenantId: c.tenant_id, requestId: c.id, kind: 'status', to: { citizen: true },
      data: { fromState: from, toState: body.to, publicText: body.public_note }, dedupeKey: `event:${e.id}`,
    });
    return { number, state: body.to, state_label: STATE_LABELS[body.to] };
  });
}

export async function addNote(ctx: Ctx, number: string, body: { text: string; public: boolean }) {
  const c = await caseOf(ctx, number);
  const actor = requireTenantRole(ctx, c.tenant_id, 'editor', 'write');
  await ctx.db.transaction().execute(async (trx) => {
    const e = await requests.insertEvent(trx, { requestId: c.id, tenantId: c.tenant_id, kind: body.public ? 'update' : 'note', public: body.public, text: body.text, actorId: actor.userId });
    if (body.public) await queueNotification(trx, { tenantId: c.tenant_id, requestId: c.id, kind: 'public_update', to: { citizen: true }, data: { publicText: body.text }, dedupeKey: `event:${e.id}` });
    // A public update is news for the citizen (and Open311's updated_datetime); an internal note is not.
    if (body.public) await repo.updateCase(trx, c.id, {});
    await recompute(trx, c.id);
  });
  return { number, public: body.public };
}

type Assign = { department?: string | null; assignee?: string | null; priority?: number };

/** Resolves department slug and assignee e-mail within the tenant; unknown ones are 400 with the field. */
async function resolveAssignment(ctx: Ctx, tenantId: string, a: Assign) {
  const patch: { department_id?: string | null; assignee_id?: string | null; priority?: number } = {};
  if (a.department !== undefined) {
    const d = a.department === null ? null : await repo.findDepartment(ctx.db, tenantId, a.department);
    if (d === undefined) throw BadRequest('Unbekannte Abteilung', [{ field: 'department', message: `„${a.department}“ gibt es in dieser Kommune nicht` }]);
    patch.department_id = d?.id ?? null;
  }
  if (a.assignee !== undefined) {
    const u = a.assignee === null ? null : await repo.findStaff(ctx.db, tenantId, a.assignee);
    if (u === undefined) throw BadRequest('Unbekannte Person', [{ field: 'assignee', message: `${a.assignee} arbeitet nicht in dieser Kommune` }]);
    patch.assignee_id = u?.id ?? null;
  }
  if (a.priority !== undefined) patch.priority = a.priority;
  return patch;
}

export async function assign(ctx: Ctx, number: string, body: Assign) {
  const c = await caseOf(ctx, number);
  const actor = requireTenantRole(ctx, c.tenant_id, 'editor', 'write');
  const patch = await resolveAssignment(ctx, c.tenant_id, body);
  await ctx.db.transaction().execute(async (trx) => {
    await repo.updateCase(trx, c.id, patch);
    await requests.insertEvent(trx, { requestId: c.id, tenantId: c.tenant_id, kind: 'assigned', actorId: actor.userId, data: { ...body } });
    if (body.priority !== undefined) await recompute(trx, c.id); // the priority may choose another policy
  });
  return { number, ...body };
}

/** Many cases of one tenant at once: all or none. */
export async function bulkAssign(ctx: Ctx, slug: string, body: Assign & { numbers: string[] }) {
  const tenant = await tenantRef(ctx, slug);
  const actor = requireTenantRole(ctx, tenant.id, 'editor', 'write');
  const { numbers, ...a } = body;
  const patch = await resolveAssignment(ctx, tenant.id, a);
  return ctx.db.transaction().execute(async (trx) => {
    const rows = await Promise.all(numbers.map((n) => repo.findCase(trx, n, true)));
    const missing = numbers.filter((n, i) => !rows[i] || rows[i]!.tenant_id !== tenant.id);
    if (missing.length) throw BadRequest('Unbekannte Vorgänge', [{ field: 'numbers', message: `nicht in dieser Kommune: ${missing.join(', ')}` }]);
    for (const c of rows) {
      await repo.updateCase(trx, c!.id, patch);
      await requests.insertEvent(trx, { requestId: c!.id, tenantId: tenant.id, kind: 'assigned', actorId: actor.userId, data: { ...a, bulk: true } });
      if (a.priority !== undefined) await recompute(trx, c!.id);
    }
    return { updated: numbers.length };
  });
}

export async function inbox(ctx: Ctx, slug: string, q: InboxQueryT) {
  const tenant = await tenantRef(ctx, slug);
  requireTenantRole(ctx, tenant.id, 'viewer', 'read');
  const departmentId = q.department ? (await repo.findDepartment(ctx.db, tenant.id, q.department))?.id : undefined;
  if (q.department && !departmentId) throw BadRequest('Unbekannte Abteilung', [{ field: 'department', message: `„${q.department}“ gibt es nicht` }]);
  const assigneeId = q.assignee ? (await repo.findStaff(ctx.db, tenant.id, q.assignee))?.id : undefined;
  if (q.assignee && !assigneeId) throw BadRequest('Unbekannte Person', [{ field: 'assignee', message: `${q.assignee} arbeitet nicht in dieser Kommune` }]);
  const r = await repo.inbox(ctx.db, tenant.id, { states: q.state, departmentId, assigneeId, serviceCode: q.service, limit: q.limit, offset: q.offset });
  return { total: r.total, items: r.items.map((i) => ({ ...i, state_label: STATE_LABELS[i.state as State] })) };
}
