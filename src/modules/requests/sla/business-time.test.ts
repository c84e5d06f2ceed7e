import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BusinessCalendar } from './calendar.ts';
import { addBusinessTime, addBusinessTimeWithPauses, businessTimeBetween, elapsedBusinessTime, HOUR, MINUTE, normalizePauses } from './business-time.ts';
import { SlaConfigError, SlaDurationError } from './errors.ts';
import { alwaysOpen, berlin, local, office, officeWithClosures, OFFICE } from './test-helpers.ts';
import { mulberry32 } from '../../../../test/helpers/random.ts';

describe('addBusinessTime: the worked examples of issue 6', () => {
  it('Thu 17.4.2025 15:00 + 16 h → Wed 23.4.2025 13:00 (Good Friday and Easter Monday closed)', () => {
    assert.equal(local(addBusinessTime(office(), berlin('2025-04-17 15:00'), 16 * HOUR)), 'Wed 2025-04-23 13:00');
  });
  it('Fri 28.3.2025 11:30 + 8 h → Mon 31.3.2025 15:30 (over the spring-forward weekend)', () => {
    assert.equal(local(addBusinessTime(office(), berlin('2025-03-28 11:30'), 8 * HOUR)), 'Mon 2025-03-31 15:30');
  });
  it('Mon 23.12.2024 10:00 + 24 h with 24/31 Dec closed → Thu 2.1.2025 14:00', () => {
    assert.equal(local(addBusinessTime(officeWithClosures(), berlin('2024-12-23 10:00'), 24 * HOUR)), 'Thu 2025-01-02 14:00');
  });
});

describe('addBusinessTime: boundaries', () => {
  const cal = office();
  it('starts outside opening hours at the next opening', () => {
    assert.equal(local(addBusinessTime(cal, berlin('2025-05-05 06:00'), 30 * MINUTE)), 'Mon 2025-05-05 08:30');
    assert.equal(local(addBusinessTime(cal, berlin('2025-05-05 17:00'), 30 * MINUTE)), 'Tue 2025-05-06 08:30');
    assert.equal(local(addBusinessTime(cal, berlin('2025-05-10 12:00'), 30 * MINUTE)), 'Mon 2025-05-12 08:30'); // Saturday
  });
  it('a deadline that uses up a day ends at closing time, not next morning', () => {
    assert.equal(local(addBusinessTime(cal, berlin('2025-05-06 08:00'), 8 * HOUR)), 'Tue 2025-05-06 16:00');
    assert.equal(local(addBusinessTime(cal, berlin('2025-05-06 16:00'), MINUTE)), 'Wed 2025-05-07 08:01');
  });
  it('several intervals a day (lunch break)', () => {
    const split = new BusinessCalendar({ openingHours: { mon: [{ from: '13:00', to: '16:00' }, { from: '08:00', to: '12:00' }] } });
    assert.equal(local(addBusinessTime(split, berlin('2025-05-05 11:00'), 2 * HOUR)), 'Mon 2025-05-05 14:00');
    assert.equal(local(addBusinessTime(split, berlin('2025-05-05 12:30'), 4 * HOUR)), 'Mon 2025-05-12 09:00');
  });
  it('rejects zero, negative and non-finite durations', () => {
    for (const d of [0, -1, -HOUR, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(() => addBusinessTime(cal, berlin('2025-05-05 09:00'), d), SlaDurationError);
    }
  });
  it('rejects an empty calendar with a clear message', () => {
    assert.throws(() => new BusinessCalendar({ openingHours: {} }), (e: unknown) => e instanceof SlaConfigError && /keine Öffnungszeiten/.test(e.message));
    assert.throws(() => new BusinessCalendar({ openingHours: { mon: [] } }), SlaConfigError);
  });
  it('skips long closures, and gives up on a calendar closed for over three years instead of looping', () => {
    const mondays = (n: number) => Array.from({ length: n }, (_, i) => ({ date: new Date(Date.UTC(2025, 0, 6 + 7 * i)).toISOString().slice(0, 10) }));
    const mondaysOnly = { ...OFFICE, openingHours: { mon: [{ from: '08:00', to: '09:00' }] } };
    const twoYears = new BusinessCalendar({ ...mondaysOnly, closures: mondays(104) });
    assert.equal(local(addBusinessTime(twoYears, berlin('2025-01-01 00:00'), HOUR)), 'Mon 2027-01-04 09:00');
    const fourYears = new BusinessCalendar({ ...mondaysOnly, closures: mondays(209) });
    assert.throws(() => addBusinessTime(fourYears, berlin('2025-01-01 00:00'), HOUR), /drei Jahren/);
  });
});

describe('DST', () => {
  it('24/7: spring-forward day has 23 hours, fall-back day 25', () => {
    const cal = alwaysOpen();
    assert.equal(businessTimeBetween(cal, berlin('2025-03-30 00:00'), berlin('2025-03-31 00:00')), 23 * HOUR);
    assert.equal(businessTimeBetween(cal, berlin('2025-10-26 00:00'), berlin('2025-10-27 00:00')), 25 * HOUR);
    assert.equal(local(addBusinessTime(cal, berlin('2025-03-30 01:30'), HOUR)), 'Sun 2025-03-30 03:30');
    assert.equal(local(addBusinessTime(cal, berlin('2025-03-29 12:00'), 24 * HOUR)), 'Sun 2025-03-30 13:00');
    assert.equal(local(addBusinessTime(cal, berlin('2025-10-25 12:00'), 24 * HOUR)), 'Sun 2025-10-26 11:00');
    // 01:30 summer time + 1 h is 02:30 summer time; + 2 h is 02:30 winter time, shown the same.
    const start = berlin('2025-10-26 01:30');
    assert.equal(addBusinessTime(cal, start, 2 * HOUR) - start, 2 * HOUR);
  });
  it('opening hours spanning 2–3 am count real hours on DST Sundays', () => {
    const night = new BusinessCalendar({ openingHours: { sun: [{ from: '01:00', to: '04:00' }] } });
    assert.equal(businessTimeBetween(night, berlin('2025-03-30 00:00'), berlin('2025-03-31 00:00')), 2 * HOUR);
    assert.equal(businessTimeBetween(night, berlin('2025-10-26 00:00'), berlin('2025-10-27 00:00')), 4 * HOUR);
    assert.equal(businessTimeBetween(night, berlin('2025-04-06 00:00'), berlin('2025-04-07 00:00')), 3 * HOUR);
    assert.equal(local(addBusinessTime(night, berlin('2025-03-30 00:00'), 90 * MINUTE)), 'Sun 2025-03-30 03:30');
  });
  it('an opening interval that lies in the skipped hour is empty that day', () => {
    const gap = new BusinessCalendar({ openingHours: { sun: [{ from: '02:00', to: '03:00' }] } });
    assert.equal(businessTimeBetween(gap, berlin('2025-03-30 00:00'), berlin('2025-03-31 00:00')), 0);
    assert.equal(local(addBusinessTime(gap, berlin('2025-03-29 12:00'), 30 * MINUTE)), 'Sun 2025-04-06 02:30');
  });
  it('office hours are 8 hours on the days after both changes', () => {
    const cal = office();
    assert.equal(businessTimeBetween(cal, berlin('2025-03-31 00:00'), berlin('2025-04-01 00:00')), 8 * HOUR);
    assert.equal(businessTimeBetween(cal, berlin('2025-10-27 00:00'), berlin('2025-10-28 00:00')), 8 * HOUR);
    assert.equal(local(addBusinessTime(cal, berlin('2025-10-24 11:00'), 2 * HOUR)), 'Mon 2025-10-27 09:00');
  });
});

describe('businessTimeBetween and pauses', () => {
  const cal = office();
  it('counts only open time and rejects reversed spans', () => {
    assert.equal(businessTimeBetween(cal, berlin('2025-04-17 15:00'), berlin('2025-04-23 13:00')), 16 * HOUR);
    assert.equal(businessTimeBetween(cal, berlin('2025-05-10 09:00'), berlin('2025-05-11 09:00')), 0);
    assert.equal(businessTimeBetween(cal, berlin('2025-05-05 09:00'), berlin('2025-05-05 09:00')), 0);
    assert.throws(() => businessTimeBetween(cal, berlin('2025-05-06 09:00'), berlin('2025-05-05 09:00')), SlaDurationError);
  });
  it('a pause from Friday evening to Monday 07:00 (outside opening hours) changes nothing', () => {
    const start = berlin('2025-05-08 09:00');
    const pauses = [{ from: berlin('2025-05-09 17:00'), to: berlin('2025-05-12 07:00') }];
    assert.equal(addBusinessTimeWithPauses(cal, start, 20 * HOUR, pauses).dueAt, addBusinessTime(cal, start, 20 * HOUR));
  });
  it('a pause Wed 10:00 → Thu 10:00 moves the due time by 8 business hours', () => {
    const start = berlin('2025-05-05 08:00'); // Mon; 24 h due Wed 16:00 without pause
    const r = addBusinessTimeWithPauses(cal, start, 24 * HOUR, [{ from: berlin('2025-05-07 10:00'), to: berlin('2025-05-08 10:00') }]);
    // The pause takes Wed 10–16 and Thu 8–10 (8 h); without it the due time was Wed 16:00.
    assert.equal(local(r.dueAt), 'Thu 2025-05-08 16:00');
  });
  it('a pause starting before opening and ending after closing takes the whole day', () => {
    const start = berlin('2025-05-05 08:00');
    const r = addBusinessTimeWithPauses(cal, start, 10 * HOUR, [{ from: berlin('2025-05-05 18:00'), to: berlin('2025-05-06 20:00') }]);
    assert.equal(local(r.dueAt), 'Wed 2025-05-07 10:00');
  });
  it('an open pause leaves no due time but the remaining business time', () => {
    const r = addBusinessTimeWithPauses(cal, berlin('2025-05-05 08:00'), 10 * HOUR, [{ from: berlin('2025-05-05 12:00'), to: null }]);
    assert.deepEqual(r, { dueAt: null, pausedAt: berlin('2025-05-05 12:00'), remainingMs: 6 * HOUR });
  });
  it('a pause after the due time does not move it', () => {
    const start = berlin('2025-05-05 08:00');
    const r = addBusinessTimeWithPauses(cal, start, 2 * HOUR, [{ from: berlin('2025-05-05 10:00'), to: null }]);
    assert.equal(local(r.dueAt), 'Mon 2025-05-05 10:00');
  });
  it('elapsed business time subtracts pauses; overlapping pauses are merged first', () => {
    const pauses = normalizePauses([
      { from: berlin('2025-05-06 10:00'), to: berlin('2025-05-06 12:00') },
      { from: berlin('2025-05-06 11:00'), to: berlin('2025-05-06 13:00') },
      { from: berlin('2025-05-07 15:00'), to: null },
    ]);
    assert.equal(pauses.length, 2);
    assert.equal(elapsedBusinessTime(cal, berlin('2025-05-06 08:00'), berlin('2025-05-08 09:00'), pauses), 5 * HOUR + 7 * HOUR);
  });
});

describe('property: adding in two steps equals adding once', () => {
  // Deterministic (mulberry32), so a failure can be reproduced from its seed.
  const rng = mulberry32;
  for (const [name, make] of [['office with closures', officeWithClosures], ['24/7', alwaysOpen]] as const) {
    it(`${name}: add(s, d1 + d2) == add(add(s, d1), d2) for 2000 random starts`, () => {
      const cal = make();
      const random = rng(20250417);
      const from = berlin('2024-01-01 00:00');
      const span = berlin('2027-01-01 00:00') - from;
      for (let i = 0; i < 2000; i++) {
        const start = from + Math.floor(random() * span / MINUTE) * MINUTE;
        const d1 = (1 + Math.floor(random() * 3000)) * MINUTE;
        const d2 = (1 + Math.floor(random() * 3000)) * MINUTE;
        const once = addBusinessTime(cal, start, d1 + d2);
        assert.equal(addBusinessTime(cal, addBusinessTime(cal, start, d1), d2), once, `start ${local(start)}, d1 ${d1 / MINUTE} min, d2 ${d2 / MINUTE} min`);
        assert.equal(businessTimeBetween(cal, start, once), d1 + d2);
      }
    });
  }
});
