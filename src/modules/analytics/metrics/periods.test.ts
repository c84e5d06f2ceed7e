import { test } from 'node:test';
import assert from 'node:assert/strict';
import { periodOf, periodsIn, previousRange, rangeOf, splitRange } from './periods.ts';

test('a range splits into whole months from the rollup and edge days from the daily counters', () => {
  assert.deepEqual(splitRange({ from: '2025-01-15', to: '2025-04-10' }), {
    months: { from: '2025-02-01', to: '2025-03-31' },
    days: [{ from: '2025-01-15', to: '2025-01-31' }, { from: '2025-04-01', to: '2025-04-10' }],
  });
  assert.deepEqual(splitRange({ from: '2024-01-01', to: '2024-12-31' }), { months: { from: '2024-01-01', to: '2024-12-31' }, days: [] });
  assert.deepEqual(splitRange({ from: '2024-02-03', to: '2024-02-20' }), { days: [{ from: '2024-02-03', to: '2024-02-20' }] });
  assert.deepEqual(splitRange({ from: '2024-02-01', to: '2024-02-28' }), { days: [{ from: '2024-02-01', to: '2024-02-28' }] }, 'leap year: February is not whole');
  assert.deepEqual(splitRange({ from: '2024-12-01', to: '2025-01-31' }), { months: { from: '2024-12-01', to: '2025-01-31' }, days: [] });
});

test('ISO weeks, months and years label the days; every period of a range is listed', () => {
  assert.equal(periodOf('2026-01-01', 'week'), '2026-W01');
  assert.equal(periodOf('2027-01-01', 'week'), '2026-W53');
  assert.equal(periodOf('2024-12-30', 'week'), '2025-W01');
  assert.equal(periodOf('2026-11-23', 'month'), '2026-11');
  assert.deepEqual(periodsIn({ from: '2025-11-15', to: '2026-02-02' }, 'month'), ['2025-11', '2025-12', '2026-01', '2026-02']);
  assert.deepEqual(periodsIn({ from: '2026-11-20', to: '2026-11-23' }, 'day'), ['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23']);
  assert.deepEqual(periodsIn({ from: '2026-11-20', to: '2026-12-01' }, 'week'), ['2026-W47', '2026-W48', '2026-W49']);
  assert.deepEqual(periodsIn({ from: '2024-06-01', to: '2026-01-01' }, 'year'), ['2024', '2025', '2026']);
});

test('ranges are checked and have a previous range of the same length', () => {
  assert.deepEqual(previousRange({ from: '2026-11-01', to: '2026-11-30' }), { from: '2026-10-02', to: '2026-10-31' });
  assert.throws(() => rangeOf({ from: '2026-02-30' }), /Zeitraum/);
  assert.throws(() => rangeOf({ from: '2026-05-01', to: '2026-04-01' }), /Zeitraum/);
  assert.equal(rangeOf({ to: '2026-11-23' }).from, '2026-10-25');
});
