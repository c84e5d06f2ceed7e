import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SlaPolicy, SlaServicePolicies } from './contract.ts';
import { SlaConfigError } from './errors.ts';
import { businessDurationMs, parsePolicy, parseServicePolicies, selectPolicy } from './policy.ts';

describe('SLA policies', () => {
  const policies = parseServicePolicies([
    { id: 'urgent', name: 'Dringend', when: { priorities: ['urgent'] }, targets: { resolution: { hours: 4 } } },
    { id: 'phone', name: 'Telefon', when: { channels: ['phone'] }, targets: { firstResponse: { minutes: 30 } } },
    { id: 'default', name: 'Standard', targets: { resolution: { hours: 40 }, legal: { amount: 3, unit: 'months' } } },
  ]);
  it('the first matching policy applies; a policy without conditions matches everything', () => {
    assert.equal(selectPolicy(policies, { priority: 'urgent', channel: 'phone' })?.id, 'urgent');
    assert.equal(selectPolicy(policies, { priority: 'normal', channel: 'phone' })?.id, 'phone');
    assert.equal(selectPolicy(policies, {})?.id, 'default');
    assert.equal(selectPolicy(policies.slice(0, 2), { priority: 'low' }), null);
  });
  it('defaults: thresholds 50/75/100 % escalating assignee → team lead → head of unit', () => {
    assert.deepEqual(policies[2]!.thresholds.map((t) => `${t.percent}:${t.level}`), ['50:assignee', '75:teamLead', '100:headOfUnit']);
    assert.equal(businessDurationMs(policies[1]!.targets.firstResponse!), 30 * 60_000);
  });
  it('rejects bad policies with German messages for each field', () => {
    const r = SlaPolicy.safeParse({
      id: 'Bad Id',
      name: '',
      targets: { resolution: { hours: 0 }, legal: { amount: 2, unit: 'fortnights' }, bogus: 1 },
      thresholds: [{ percent: 75, level: 'teamLead', actions: ['notify'] }, { percent: 50, level: 'assignee', actions: [] }],
    });
    assert.ok(!r.success);
    const m = r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    for (const e of ['id: Kennung', 'name: darf nicht leer', 'targets: unbekannte Felder: bogus', 'targets.resolution: Die Dauer muss größer als 0', 'targets.legal.unit: Einheit',
      'thresholds.1.actions: mindestens eine Aktion']) {
      assert.ok(m.some((x) => x.startsWith(e)), `${e}\n in ${m.join('\n')}`);
    }
  });
  it('rejects policies without targets, unsorted thresholds, descending escalation and duplicate ids', () => {
    assert.throws(() => parsePolicy({ id: 'x', name: 'X', targets: {} }), (e: unknown) => e instanceof SlaConfigError && /mindestens ein Ziel/.test(e.message));
    const order = SlaPolicy.safeParse({ id: 'x', name: 'X', targets: { resolution: { hours: 1 } }, thresholds: [{ percent: 80, level: 'headOfUnit', actions: ['notify'] }, { percent: 90, level: 'assignee', actions: ['notify'] }] });
    assert.ok(order.error?.issues.some((i) => i.message.includes('nicht absteigen')));
    const dup = SlaServicePolicies.safeParse([{ id: 'a', name: 'A', targets: { resolution: { hours: 1 } } }, { id: 'a', name: 'B', targets: { resolution: { hours: 2 } } }]);
    assert.ok(dup.error?.issues.some((i) => i.message.includes('doppelt')));
    assert.ok(SlaServicePolicies.safeParse([]).error?.issues.some((i) => i.message === 'mindestens eine Richtlinie'));
  });
});
