import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HOUR } from './business-time.ts';
import { computeDeadlines, percentUsed, type CaseEvent } from './deadlines.ts';
import { SlaEventLogError } from './errors.ts';
import { parsePolicy } from './policy.ts';
import { berlin, local, office } from './test-helpers.ts';

const cal = office();
// 4 h to answer, 16 h of silence at most, 24 h to resolve, legal 1 month; default thresholds 50/75/100 %.
const policy = parsePolicy({
  id: 'default',
  name: 'Standard',
  targets: { firstResponse: { hours: 4 }, maxSilence: { hours: 16 }, resolution: { hours: 24 }, legal: { amount: 1, unit: 'months' } },
});
const received: CaseEvent = { type: 'received', at: berlin('2025-05-05 09:00') }; // Monday
const ev = (type: 'publicUpdate' | 'reopened' | 'internalNote', at: string): CaseEvent => ({ type, at: berlin(at) });
const to = (state: Extract<CaseEvent, { type: 'stateChanged' }>['to'], at: string): CaseEvent => ({ type: 'stateChanged', at: berlin(at), to: state });

describe('computeDeadlines', () => {
  it('a new case: every clock running, thresholds at 50/75/100 %', () => {
    const d = computeDeadlines([received], policy, cal);
    assert.equal(d.state, 'received');
    assert.equal(local(d.clocks.firstResponse!.current.dueAt), 'Mon 2025-05-05 13:00');
    assert.equal(local(d.clocks.maxSilence!.current.dueAt), 'Wed 2025-05-07 09:00');
    const resolution = d.clocks.resolution!.current;
    assert.equal(resolution.status, 'running');
    assert.deepEqual(resolution.thresholds.map((t) => `${t.percent} ${t.level} ${local(t.at)}`), [
      '50 assignee Tue 2025-05-06 13:00',
      '75 teamLead Wed 2025-05-07 11:00',
      '100 headOfUnit Thu 2025-05-08 09:00',
    ]);
    assert.equal(d.clocks.legal!.legal!.lastDay, '2025-06-05');
    assert.equal(local(d.expectedAt), 'Thu 2025-05-08 09:00');
    assert.equal(d.timers.length, 12);
    assert.deepEqual(d.timers.slice(0, 2).map((t) => `${t.clock} ${t.percent} ${local(t.at)}`), ['firstResponse 50 Mon 2025-05-05 11:00', 'firstResponse 75 Mon 2025-05-05 12:00']);
    assert.ok(d.timers.every((t, i) => i === 0 || d.timers[i - 1]!.at <= t.at));
  });

  it('acknowledgement stops the first-response clock (met) and drops its timers', () => {
    const d = computeDeadlines([received, to('acknowledged', '2025-05-05 10:00'), ev('internalNote', '2025-05-05 10:05')], policy, cal);
    const fr = d.clocks.firstResponse!.current;
    assert.equal(fr.status, 'met');
    assert.deepEqual(fr.thresholds, []); // none reached before 10:00
    assert.ok(!d.timers.some((t) => t.clock === 'firstResponse'));
  });

  it('waiting for the citizen pauses the business clocks; resuming shifts the resolution by the paused business time', () => {
    const paused = computeDeadlines([received, to('inProgress', '2025-05-05 09:30'), to('waitingForCitizen', '2025-05-06 12:00')], policy, cal);
    const r = paused.clocks.resolution!.current;
    assert.equal(r.status, 'paused');
    assert.equal(r.dueAt, null);
    assert.equal(r.remainingMs, 13 * HOUR); // 24 h − (Mon 7 h + Tue 4 h)
    assert.deepEqual(r.thresholds.map((t) => t.at), [null, null, null]);
    assert.equal(paused.clocks.maxSilence!.current.status, 'paused');
    assert.equal(paused.clocks.legal!.current.status, 'running'); // legal deadlines do not pause
    // Timers of paused clocks: only the thresholds already passed before the pause (silence 50 % = 8 h).
    assert.deepEqual(paused.timers.filter((t) => t.clock !== 'legal').map((t) => `${t.clock} ${t.percent} ${local(t.at)}`), ['maxSilence 50 Tue 2025-05-06 09:00']);
    assert.equal(paused.expectedAt, paused.clocks.legal!.current.dueAt);

    const resumed = computeDeadlines([received, to('inProgress', '2025-05-05 09:30'), to('waitingForCitizen', '2025-05-06 12:00'), to('inProgress', '2025-05-07 12:00')], policy, cal);
    assert.equal(local(resumed.clocks.resolution!.current.dueAt), 'Thu 2025-05-08 17:00'); // Thu 09:00 + 8 h paused
    assert.deepEqual(resumed.pauses, [{ from: berlin('2025-05-06 12:00'), to: berlin('2025-05-07 12:00') }]);
  });

  it('switching between the two waiting states is one pause; resolving while waiting ends it', () => {
    const d = computeDeadlines([received, to('waitingForThirdParty', '2025-05-05 10:00'), to('waitingForCitizen', '2025-05-05 14:00'), to('resolved', '2025-05-06 10:00')], policy, cal);
    assert.deepEqual(d.pauses, [{ from: berlin('2025-05-05 10:00'), to: berlin('2025-05-06 10:00') }]);
    assert.equal(d.clocks.resolution!.current.status, 'met');
  });

  it('a public update resets the silence clock (a new cycle), the first one met', () => {
    const d = computeDeadlines([received, ev('publicUpdate', '2025-05-06 15:00')], policy, cal);
    const silence = d.clocks.maxSilence!;
    assert.equal(silence.cycles.length, 2);
    assert.equal(silence.cycles[0]!.status, 'met');
    assert.equal(local(silence.current.dueAt), 'Thu 2025-05-08 15:00'); // Tue 1 h + Wed 8 h + Thu 7 h
    assert.equal(d.clocks.firstResponse!.current.status, 'breached'); // 4 h were due Mon 13:00
    assert.equal(d.clocks.firstResponse!.current.thresholds.length, 3);
  });

  it('silence that outlasts its target is breached', () => {
    const d = computeDeadlines([received, ev('publicUpdate', '2025-05-07 10:00')], policy, cal);
    assert.equal(d.clocks.maxSilence!.cycles[0]!.status, 'breached');
  });

  it('a public update while waiting starts a paused silence cycle', () => {
    const d = computeDeadlines([received, to('waitingForCitizen', '2025-05-05 10:00'), ev('publicUpdate', '2025-05-05 11:00')], policy, cal);
    const c = d.clocks.maxSilence!.current;
    assert.equal(c.status, 'paused');
    assert.equal(c.remainingMs, 16 * HOUR);
  });

  it('reopen restarts resolution (full target) and silence; the legal deadline is not restarted', () => {
    const events = [received, to('inProgress', '2025-05-05 10:00'), to('resolved', '2025-05-06 10:00'), ev('reopened', '2025-05-07 09:00')];
    const d = computeDeadlines(events, policy, cal);
    const res = d.clocks.resolution!;
    assert.deepEqual(res.cycles.map((c) => c.status), ['met', 'running']);
    assert.equal(local(res.current.dueAt), 'Mon 2025-05-12 11:00'); // Wed 7 + Thu 10 + Fri 4 + Mon 3
    assert.equal(local(d.clocks.maxSilence!.current.startedAt), 'Wed 2025-05-07 09:00');
    assert.equal(d.clocks.legal!.current.status, 'met');
    assert.equal(d.state, 'inProgress');
    assert.ok(d.timers.some((t) => t.clock === 'resolution' && t.cycle === 2));
    // A plain state change out of "closed" is a reopen too.
    const viaState = computeDeadlines([received, to('closed', '2025-05-06 10:00'), to('inProgress', '2025-05-07 09:00')], policy, cal);
    assert.equal(viaState.clocks.resolution!.current.dueAt, res.current.dueAt);
  });

  it('resolving late is a breach, with every threshold reached on the way', () => {
    const d = computeDeadlines([received, to('resolved', '2025-05-09 10:00'), to('closed', '2025-05-12 10:00')], policy, cal);
    const r = d.clocks.resolution!.current;
    assert.equal(r.status, 'breached');
    assert.equal(r.thresholds.length, 3);
    assert.deepEqual(d.timers, []);
    assert.equal(d.expectedAt, null);
  });

  it('legal thresholds are fractions of calendar time', () => {
    const d = computeDeadlines([received], policy, cal);
    const legal = d.clocks.legal!.current;
    const half = legal.thresholds[0]!.at!;
    assert.equal(half - received.at, (legal.dueAt! - received.at) / 2);
  });

  it('is deterministic and independent of the order events are passed in', () => {
    const events = [received, to('inProgress', '2025-05-05 10:00'), to('waitingForCitizen', '2025-05-06 10:00'), ev('publicUpdate', '2025-05-06 11:00'), to('inProgress', '2025-05-08 09:00')];
    const a = computeDeadlines(events, policy, cal);
    assert.deepEqual(computeDeadlines([...events].reverse(), policy, cal), a);
    assert.deepEqual(computeDeadlines(events, policy, office()), a); // a fresh calendar cache, same answer
  });

  it('rejects logs that cannot describe a case', () => {
    assert.throws(() => computeDeadlines([], policy, cal), SlaEventLogError);
    assert.throws(() => computeDeadlines([ev('publicUpdate', '2025-05-05 08:00'), received], policy, cal), /received/);
    assert.throws(() => computeDeadlines([received, { type: 'received', at: received.at + 1 }], policy, cal), /doppelt/);
  });

  it('percentUsed: how much of the target a running clock has used at a given instant', () => {
    const d = computeDeadlines([received], policy, cal);
    assert.equal(percentUsed(cal, d.clocks.resolution!, d.pauses, berlin('2025-05-06 13:00')), 50);
    assert.equal(percentUsed(cal, d.clocks.resolution!, d.pauses, berlin('2025-05-04 13:00')), 0);
  });
});
