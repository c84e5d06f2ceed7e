// A threshold of a service level reached (50/75/100 % of a target, or what the policy says):
// the job recomputes the deadlines, and if the threshold still stands at this instant and was not
// acted on before (requests_sla_fired: exactly once, whichever instance runs the job, however
// often it is retried or queued again), it records a warning or escalation in the timeline and
// carries out the policy's actions.
import type { Db } from '../../../server/db/connect.ts';
import * as requests from '../repo.ts';
import { queueNotification } from '../notify/index.ts';
import { addBusinessTime } from '../sla/business-time.ts';
import { tenantCalendar } from './calendar-store.ts';
import { recompute, type ThresholdPayload } from './recompute.ts';
import * as repo from './repo.ts';

export const CLOCK_LABELS: Record<string, string> = { firstResponse: 'Erste Reaktion', maxSilence: 'Rückmeldung an Meldende', resolution: 'Erledigung', legal: 'Gesetzliche Frist' };
export const LEVEL_LABELS: Record<string, string> = { assignee: 'Bearbeitung', teamLead: 'Teamleitung', headOfUnit: 'Amtsleitung' };
const berlin = (d: Date) => d.toLocaleString('de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'medium', timeStyle: 'short' });
/** A timer fired a little early still counts (clocks of runners differ by milliseconds). */
const EARLY_MS = 2000;

export type ThresholdOutcome = { fired: boolean; why?: string; actions?: string[] };

export async function onThreshold(db: Db, p: ThresholdPayload, now = Date.now()): Promise<ThresholdOutcome> {
  return db.transaction().execute(async (trx) => {
    const c = await recompute(trx, p.requestId);
    if (!c) return { fired: false, why: 'keine Richtlinie' };
    const timer = c.deadlines.timers.find((t) => t.clock === p.clock && t.cycle === p.cycle && t.percent === p.percent);
    if (!timer) return { fired: false, why: 'Uhr steht oder ist erfüllt' };
    if (timer.at > now + EARLY_MS) return { fired: false, why: 'verschoben' }; // recompute queued the new instant
    if (!(await repo.markFired(trx, { requestId: p.requestId, clock: p.clock, cycle: p.cycle, percent: p.percent }))) return { fired: false, why: 'schon ausgelöst' };

    const clock = c.deadlines.clocks[timer.clock]!;
    const due = clock.current.dueAt === null ? null : new Date(clock.current.dueAt);
    const escalation = timer.percent >= 100;
    const text = `${escalation ? 'Eskalation' : 'Warnung'} an ${LEVEL_LABELS[timer.level]}: ${timer.percent} % der Frist „${CLOCK_LABELS[timer.clock]}“ verbraucht${due ? ` (fällig ${berlin(due)})` : ''}`;
    await requests.insertEvent(trx, { requestId: p.requestId, tenantId: c.facts.tenant_id, kind: 'sla', public: false, text, data: { clock: timer.clock, cycle: timer.cycle, percent: timer.percent, level: timer.level, actions: timer.actions, policy: c.policy.id } });
    for (const action of timer.actions) {
      if (action === 'raisePriority') await repo.raisePriority(trx, p.requestId);
      if (action === 'announceNewDate' && timer.clock === 'resolution') {
        // Half the target again from now, in business time: a date the office can keep.
        const calendar = await tenantCalendar(trx, c.facts.tenant_id);
        const next = new Date(addBusinessTime(calendar, now, Math.max(3_600_000, (clock.targetMs ?? 0) / 2)));
        await repo.announce(trx, p.requestId, 'resolution', next);
        await requests.insertEvent(trx, { requestId: p.requestId, tenantId: c.facts.tenant_id, kind: 'update', public: true, text: `Die Bearbeitung dauert leider länger als zugesagt. Neues voraussichtliches Datum: ${berlin(next)}.`, data: { newDate: next.toISOString() } });
        await repo.setExpected(trx, p.requestId, next);
        await queueNotification(trx, { tenantId: c.facts.tenant_id, requestId: p.requestId, kind: 'new_date', to: { citizen: true }, data: { expectedAt: next, reason: 'Die Bearbeitung dauert länger als zugesagt.' }, dedupeKey: `sla-date:${p.requestId}:${timer.clock}:${timer.cycle}:${timer.percent}` });
      }
      if (action === 'notify') {
        await queueNotification(trx, {
          tenantId: c.facts.tenant_id, requestId: p.requestId, kind: escalation ? 'sla_escalation' : 'sla_warning', to: { level: timer.level },
          data: { target: timer.clock, percent: timer.percent, dueAt: due ?? undefined }, dedupeKey: `sla:${p.requestId}:${timer.clock}:${timer.cycle}:${timer.percent}`,
        });
      }
      if (action === 'reassign' && timer.level !== 'assignee') {
        // To the level's contact person, if that address is a staff account of the municipality.
        const to = await repo.escalationUser(trx, p.requestId, timer.level === 'teamLead' ? 'team_lead' : 'head_of_unit');
        if (to) {
          await repo.reassign(trx, p.requestId, to.id);
          await requests.insertEvent(trx, { requestId: p.requestId, tenantId: c.facts.tenant_id, kind: 'assigned', public: false, text: `Bei Eskalation übergeben an ${to.email}`, data: { assignee: to.email, escalation: true } });
        }
      }
    }
    await recompute(trx, p.requestId); // the public update and the new date are part of the log now
    return { fired: true, actions: timer.actions };
  });
}
