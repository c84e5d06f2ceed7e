import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addMonths, dayNumberOf, formatDay } from './civil-date.ts';
import { SlaDurationError } from './errors.ts';
import { legalDeadline } from './legal.ts';
import { berlin, local, office, officeWithClosures } from './test-helpers.ts';

describe('legal deadlines (§ 31 VwVfG, §§ 187–193 BGB): the worked examples of issue 6', () => {
  it('2 weeks from Thu 5.6.2025 → Fri 20.6.2025 (Thu 19.6. is Corpus Christi in Hessen)', () => {
    const d = legalDeadline(office(), berlin('2025-06-05 10:15'), { amount: 2, unit: 'weeks' });
    assert.equal(d.nominalLastDay, '2025-06-19');
    assert.equal(d.lastDay, '2025-06-20');
    assert.equal(d.movedBecause, 'public-holiday');
    assert.equal(local(d.expiresAt), 'Sat 2025-06-21 00:00');
  });
  it('3 months from Sat 29.3.2025 → Mon 30.6.2025 (Sun 29.6. moves)', () => {
    const d = legalDeadline(office(), berlin('2025-03-29 09:00'), { amount: 3, unit: 'months' });
    assert.equal(d.nominalLastDay, '2025-06-29');
    assert.equal(d.lastDay, '2025-06-30');
    assert.equal(d.movedBecause, 'sunday');
  });
});

describe('legal deadlines: the rules', () => {
  const cal = office();
  const last = (at: string, amount: number, unit: 'days' | 'weeks' | 'months' | 'years') => legalDeadline(cal, berlin(at), { amount, unit }).lastDay;
  it('days: the event day is not counted', () => {
    assert.equal(last('2025-05-05 23:59', 1, 'days'), '2025-05-06');
    assert.equal(last('2025-05-05 00:00', 10, 'days'), '2025-05-15');
  });
  it('the event day is the local (Berlin) day, not the UTC day', () => {
    assert.equal(last('2025-05-06 00:30', 1, 'days'), '2025-05-07'); // 22:30 UTC the day before
  });
  it('months: month ends (§ 188 (3) BGB)', () => {
    assert.equal(last('2025-01-31 12:00', 1, 'months'), '2025-02-28');
    assert.equal(last('2024-01-31 12:00', 1, 'months'), '2024-02-29');
    assert.equal(last('2025-08-31 12:00', 1, 'months'), '2025-09-30');
    assert.equal(last('2025-11-30 12:00', 3, 'months'), '2026-03-02'); // 28.2.2026 is a Saturday → Monday
    assert.equal(last('2024-02-29 12:00', 1, 'years'), '2025-02-28');
  });
  it('Saturday, Sunday and holidays move the end; a chain of them moves it further', () => {
    assert.equal(last('2025-05-03 12:00', 7, 'days'), '2025-05-12'); // Sat → Mon
    assert.equal(last('2025-04-11 12:00', 1, 'weeks'), '2025-04-22'); // Good Friday, weekend, Easter Monday → Tue
    assert.equal(last('2025-12-18 12:00', 1, 'weeks'), '2025-12-29'); // 25/26 Dec, weekend → Mon
  });
  it('local closure days (24/31 Dec) do not move legal deadlines', () => {
    const d = legalDeadline(officeWithClosures(), berlin('2025-12-17 12:00'), { amount: 1, unit: 'weeks' });
    assert.equal(d.lastDay, '2025-12-24');
    assert.equal(d.movedBecause, null);
  });
  it('periods must be whole positive numbers', () => {
    assert.throws(() => legalDeadline(cal, berlin('2025-05-05 12:00'), { amount: 0, unit: 'days' }), SlaDurationError);
    assert.throws(() => legalDeadline(cal, berlin('2025-05-05 12:00'), { amount: 1.5, unit: 'weeks' }), SlaDurationError);
  });
  it('addMonths clamps to the month end and crosses years', () => {
    assert.equal(formatDay(addMonths(dayNumberOf(2025, 10, 31), 4)), '2026-02-28');
    assert.equal(formatDay(addMonths(dayNumberOf(2025, 1, 15), -2)), '2024-11-15');
  });
});
